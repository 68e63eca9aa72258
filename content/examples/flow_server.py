# 一问一答的服务器：收一个数据报，回一个，然后结束
# One question, one answer: receive a datagram, reply, finish
import socket

HOST = ""  # 或 "localhost"、"127.0.0.1" / or one of those
PORT = 10000

# 创建 UDP 套接字 / create a UDP socket
server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
# 绑定：参数是一个元组 / bind takes ONE tuple
server.bind((HOST, PORT))
print("server waiting on port", PORT)

# 接收（阻塞，直到数据报到达） / receive (blocks)
data, client_addr = server.recvfrom(1024)
question = data.decode("utf-8", "replace")  # 坏字节变 � / bad bytes become �
print("got", repr(question), "from", client_addr)

# 按来信地址回复 / reply to the sender's address
answer = f"server got {len(data)} bytes: {question}"
server.sendto(answer.encode("utf-8"), client_addr)

# 关闭 / close
server.close()
print("server closed")
