# 电脑上的 UDP 客户端（Thonny）：向虚谷号发几句话，显示回信
# UDP client for the PC (Thonny): talks to the vvBoard server
import socket

VVBOARD_ADDR = ("192.168.3.14", 9000)  # 虚谷号 / the vvBoard
LINES = ["hello vvboard", "udp is fast", "你好，虚谷号"]

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(3)  # 最多等 3 秒 / wait at most 3 s

for line in LINES:
    sock.sendto(line.encode("utf-8"), VVBOARD_ADDR)
    try:
        data, server = sock.recvfrom(1024)
        reply = data.decode("utf-8", "replace")  # 坏字节变 � / bad bytes become �
        print("sent:", line, "| reply:", reply)
    except socket.timeout:  # 丢了或没开 / lost, or no server
        print("sent:", line, "| no reply within 3 s")
    except ConnectionResetError:  # Windows: 端口没人听 / nobody on that port
        print("sent:", line, "| the server is not running (port unreachable)")

sock.close()
