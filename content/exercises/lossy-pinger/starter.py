# 在丢包的网络上 ping 5 次 / five pings over a lossy network
import socket
import time

SERVER = ("192.168.3.14", 9000)  # 虚谷号上的回声服务器 / echo server on the vvBoard
COUNT = 5

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
# TODO: 依次发送 "ping 1" … "ping 5"，每次最多等 1 秒 "pong N"；没等到就重发同一个
#       send "ping 1" … "ping 5"; wait at most 1 s for "pong N", and send the same ping again if it does not come
# TODO: 每收到一个，打印 reply N rtt X ms（X 保留一位小数）；最后打印发送数、丢包率和 RTT
#       print reply N rtt X ms for each (X to one decimal); at the end, the sends, the loss rate and the RTTs
sock.close()
