# 一问一答的客户端：发一个数据报，等回信，然后结束
# One question, one answer: send a datagram, wait for the reply
import socket

SERVER_ADDR = ("127.0.0.1", 10000)  # 本机上的服务器 / on this PC

# 创建 UDP 套接字（不用 bind） / create a socket (no bind)
client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)

# 发送，返回发出的字节数 / send; returns the byte count
question = "你好，UDP"
count = client.sendto(question.encode("utf-8"), SERVER_ADDR)
print("sent", count, "bytes to", SERVER_ADDR)

# 等回信（阻塞） / wait for the reply (blocks)
data, from_addr = client.recvfrom(1024)
answer = data.decode("utf-8", "replace")
print(f"reply from {from_addr}: {answer}")

# 关闭 / close
client.close()
