# 虚谷号上的 UDP 服务器（Jupyter 单元格）：回复大写的文字
# vvBoard UDP server (a Jupyter cell): replies in upper case
import socket

PORT = 9000  # 大于 1023 / above 1023

srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind(("", PORT))  # 所有网卡 / all interfaces
print("vvBoard UDP server on port", PORT)

try:
    while True:
        data, client = srv.recvfrom(1024)
        text = data.decode("utf-8", "replace")  # 不认识的字节变 � / unknown bytes become �
        print(client, "->", text)
        answer = text.upper()  # 汉字不变 / CJK unchanged
        srv.sendto(answer.encode("utf-8"), client)
except KeyboardInterrupt:  # “中断内核” / interrupt the kernel
    print("server stopped")
finally:
    srv.close()  # 内核不退出，要自己关 / the kernel lives on
