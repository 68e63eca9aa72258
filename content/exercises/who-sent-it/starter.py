# 接收三个数据报，每行打印“发送方的 IP:端口 内容”。运行一下，看看报错，再改好它
# receive three datagrams and print "sender IP:port text" for each; run it, read the error, fix it
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", 9000))
for i in range(3):
    data = sock.recvfrom(1024)
    print(data.decode("utf-8"))  # TODO: 前面加上发送方的 IP:端口 / put the sender's IP:port in front
sock.close()
