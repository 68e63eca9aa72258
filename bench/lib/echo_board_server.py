# Echo server for the echo benchmark on a 掌控板 host (MicroPython, the board's socket dialect).
import usocket

srv = usocket.socket(usocket.AF_INET, usocket.SOCK_DGRAM)
srv.bind(("0.0.0.0", 9000))
print("port", 9000)
while True:
    data, peer = srv.recvfrom(2048)
    if data == b"stop":
        break
    srv.sendto(data, peer)
srv.close()
