# Socket options TCP programs set: SO_TYPE, SO_REUSEADDR, SO_KEEPALIVE, TCP_NODELAY, TCP_KEEP* (issue 22).
import socket

s = socket.socket()
print('SO_TYPE', s.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE))
print('SO_ERROR', s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR))
for level, name in [(socket.SOL_SOCKET, 'SO_KEEPALIVE'), (socket.IPPROTO_TCP, 'TCP_NODELAY'),
                    (socket.IPPROTO_TCP, 'TCP_KEEPIDLE'), (socket.IPPROTO_TCP, 'TCP_KEEPINTVL'),
                    (socket.IPPROTO_TCP, 'TCP_KEEPCNT')]:
    number = getattr(socket, name)
    before = s.getsockopt(level, number)
    s.setsockopt(level, number, 1 if before == 0 else 30)
    print(name, number, before, '->', s.getsockopt(level, number))
print('TCP_NODELAY as bytes', s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 4))
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen()
s.connect(srv.getsockname())
conn, _ = srv.accept()
s.sendall(b'still works')
print(conn.recv(100))
s.close()
conn.close()
srv.close()
try:
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
except OSError as e:
    print(type(e).__name__, e)
