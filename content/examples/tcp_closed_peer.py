# 对方关闭以后，TCP 这一端会知道：b''、BrokenPipeError、ConnectionResetError
# After the peer closes, the TCP side finds out: b'', BrokenPipeError, ConnectionResetError
import socket
import time

ADDR = ("127.0.0.1", 8100)

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(ADDR)
listener.listen(2)

# 1. 对方正常关闭（FIN）：recv 返回 b'' / the peer closes (FIN): recv returns b''
me = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
me.connect(ADDR)
peer, _ = listener.accept()
peer.close()
print("1. 对方关闭后 recv 返回", me.recv(1024))

# 2. 还往它发：第一次 send 照常返回，对方回 RST，下一次 BrokenPipeError
#    sending anyway: the first send returns, the peer answers RST, the next raises
print("2. 第一次 send 返回", me.send(b"hello?"))
time.sleep(0.1)  # 等 RST 回来 / let the RST come back
try:
    me.send(b"still there?")
except BrokenPipeError as e:
    print("2. 第二次 send:", type(e).__name__, e)
me.close()

# 3. 对方没读完就关闭：它发 RST，这边 recv 得到 ConnectionResetError
#    the peer closes with unread data: it sends RST, our recv raises
me = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
me.connect(ADDR)
peer, _ = listener.accept()
me.sendall(b"nobody reads this")
time.sleep(0.1)
peer.close()  # 数据没读 → RST / unread data → RST
try:
    me.recv(1024)
except ConnectionResetError as e:
    print("3. recv:", type(e).__name__, e)
me.close()
listener.close()
