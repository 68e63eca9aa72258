# A client that starts before its server: refused until the server listens, then connected (issue 22).
import socket
import time

probe = socket.socket()
probe.bind(('127.0.0.1', 0))
where = probe.getsockname()
probe.close()

server = None
for attempt in range(1, 6):
    c = socket.socket()
    try:
        c.connect(where)
        print('attempt', attempt, 'connected')
        break
    except ConnectionRefusedError as e:
        print('attempt', attempt, 'refused:', e)
        c.close()
        time.sleep(0.05)
    if attempt == 2:
        server = socket.socket()
        server.bind(where)
        print('server bound, not listening')
    if attempt == 3:
        server.listen()
        print('server listening')
conn, addr = server.accept()
c.sendall(b'hi')
print(conn.recv(10))
conn.close()
c.close()
server.close()
