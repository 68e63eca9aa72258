# 轮流聊天·服务器端 / turn-taking chat, server side
import socket

PORT = 9999
BYE = "bye"

server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind(("", PORT))
print("聊天服务器已就绪，端口", PORT)
# TODO: 循环：收客户端的话并打印；是 bye 就结束；否则 input() 一句回复发回去
#       loop: receive and print the client's line; end on bye; else send back a reply typed with input()
server.close()
