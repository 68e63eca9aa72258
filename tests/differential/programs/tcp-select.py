# select and poll on listening and connected TCP sockets (issue 22).
import select
import socket


def names(ready, table):
    return [table[s] for s in ready]


srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen()
table = {srv: 'srv'}
print('idle listener', select.select([srv], [], [], 0))
cli = socket.socket()
cli.connect(srv.getsockname())
table[cli] = 'cli'
r, w, x = select.select([srv, cli], [cli], [], 1)
print('pending connection', names(r, table), names(w, table), x)
conn, _ = srv.accept()
table[conn] = 'conn'
r, w, x = select.select([srv, cli, conn], [cli, conn], [], 1)
print('connected, quiet', names(r, table), names(w, table))
cli.sendall(b'ping')
r, w, x = select.select([srv, cli, conn], [], [], 1)
print('data for conn', names(r, table))
conn.recv(10)
print('after reading', select.select([conn], [], [], 0))
p = select.poll()
p.register(conn, select.POLLIN)
p.register(cli, select.POLLIN | select.POLLOUT)
fds = {conn.fileno(): 'conn', cli.fileno(): 'cli'}
print('poll', sorted((fds[fd], ev) for fd, ev in p.poll(0)))
conn.sendall(b'pong')
print('poll', sorted((fds[fd], ev) for fd, ev in p.poll(1000)))
cli.recv(10)
cli.shutdown(socket.SHUT_WR)
r, w, x = select.select([conn], [], [], 1)
print('end of stream is readable', names(r, table), conn.recv(10))
q = select.poll()
q.register(srv, select.POLLIN)
c2 = socket.socket()
c2.connect(srv.getsockname())
print('poll listener', [ev for fd, ev in q.poll(1000)])
srv.accept()[0].close()
for s in (cli, conn, c2, srv):
    s.close()
