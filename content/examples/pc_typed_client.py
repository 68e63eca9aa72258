# 电脑上的 UDP 客户端：你输入一句，发给虚谷号，显示回信；空行结束
# UDP client for the PC: each line you type goes to the vvBoard; empty line ends
import socket

VVBOARD_ADDR = ("192.168.3.14", 9000)  # 虚谷号 / the vvBoard

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(3)  # 最多等 3 秒 / wait at most 3 s
print("type a line and press Enter; an empty line ends")

while True:
    line = input("> ")
    if not line:  # 空行结束 / empty line: stop
        break
    sock.sendto(line.encode("utf-8"), VVBOARD_ADDR)
    try:
        data, server = sock.recvfrom(1024)
        print("reply:", data.decode("utf-8", "replace"))
    except socket.timeout:  # 丢了或没开 / lost, or no server
        print("no reply within 3 s")
    except ConnectionResetError:  # Windows: 端口没人听 / nobody on that port
        print("the server is not running (port unreachable)")

sock.close()
