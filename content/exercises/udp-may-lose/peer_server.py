# 参考服务器："ping N" → "pong N" / reference server: answers ping N with pong N
import socket

srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind(("", 9000))
try:
    while True:
        data, client = srv.recvfrom(1024)
        text = data.decode("utf-8", "replace")
        print("got", text)
        if text.startswith("ping "):
            srv.sendto(("pong " + text[5:]).encode("utf-8"), client)
except KeyboardInterrupt:
    pass
finally:
    srv.close()
