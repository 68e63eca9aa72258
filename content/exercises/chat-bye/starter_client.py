# 轮流聊天·客户端 / turn-taking chat, client side
import socket

SERVER_ADDR = ("192.168.10.108", 9999)
BYE = "bye"

client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
# TODO: 循环：input() 一句发给服务器；是 bye 就结束；否则等回复并打印
#       loop: send a line typed with input(); end on bye; else wait for the reply and print it
client.close()
