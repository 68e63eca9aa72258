# getaddrinfo's flags, socket types and service names ('http' → 80), getnameinfo, gethostbyaddr,
# getservbyname / getservbyport, with glibc's errors as CPython raises them (issue 23, item 2).
import socket

def t(label, f):
    try:
        print(label, '->', repr(f()))
    except Exception as e:
        print(label, '!!', '%s.%s:' % (type(e).__module__, type(e).__name__), e, getattr(e, 'errno', None))
A = socket.AF_INET
for host, port, kw in [('127.0.0.1', 80, {}), ('127.0.0.1', 'http', {}), ('127.0.0.1', 'domain', {}), ('127.0.0.1', 'nosuchservice', {}),
                       ('127.0.0.1', '8080', {}), ('127.0.0.1', None, {}), (None, 53, {}), (None, 53, {'flags': socket.AI_PASSIVE}),
                       ('', 53, {}), ('localhost', 'echo', {'type': socket.SOCK_DGRAM}), ('127.0.0.1', 'http', {'flags': socket.AI_NUMERICSERV}),
                       ('localhost', 1, {'flags': socket.AI_NUMERICHOST}), ('127.0.0.1', 1, {'flags': socket.AI_NUMERICHOST}),
                       ('127.0.0.1', 1, {'flags': socket.AI_CANONNAME}), ('localhost', 1, {'flags': socket.AI_CANONNAME}),
                       ('127.0.0.1', 70000, {}), ('127.0.0.1', -1, {}), ('127.0.0.1', 1.5, {}), ('127.0.0.1', b'80', {}),
                       ('127.0.0.1', 1, {'proto': socket.IPPROTO_UDP}), ('127.0.0.1', 1, {'type': socket.SOCK_DGRAM, 'proto': 6}),
                       ('127.0.0.1', 1, {'type': 99}), ('127.0.0.1', 'http', {'type': socket.SOCK_RAW}), ('127.0.0.1', 1, {'flags': 0x10000}),
                       ('no.such.host.invalid', 1, {}), (b'127.0.0.1', 1, {}), (5, 1, {}), ('127.1', 1, {}), ('127.0.0.1', 'tftp', {}),
                       ('127.0.0.1', 'ntp', {'type': socket.SOCK_DGRAM}), ('127.0.0.1', 'snmp', {'type': socket.SOCK_DGRAM}), ('127.0.0.1', 'https', {'type': socket.SOCK_DGRAM})]:
    t('getaddrinfo %r %r %r' % (host, port, kw), lambda: socket.getaddrinfo(host, port, A, **kw))
t('gai family 99', lambda: socket.getaddrinfo('127.0.0.1', 1, 99))
for args in [(('127.0.0.1', 80), 0), (('127.0.0.1', 80), socket.NI_NUMERICHOST | socket.NI_NUMERICSERV), (('127.0.0.1', 53), socket.NI_DGRAM),
             (('127.0.0.1', 5), socket.NI_NUMERICSERV), (('127.0.0.1', 9999), 0), (('10.255.255.1', 80), socket.NI_NAMEREQD),
             (('10.255.255.1', 80), 0), (('127.0.0.1',), 0), ('127.0.0.1', 0), (('127.0.0.1', 80, 0, 0), 0), (('localhost', 80), 0), (('127.0.0.1', 'x'), 0),(('127.0.0.1', 80), 'x')]:
    t('getnameinfo %r' % (args,), lambda: socket.getnameinfo(*args))
for h in ['127.0.0.1', 'localhost', '10.255.255.1', '1.2.3.4.5', 5]:
    t('gethostbyaddr %r' % h, lambda: socket.gethostbyaddr(h))
for name, proto in [('http', 'tcp'), ('http', None), ('domain', 'udp'), ('nosuch', None), ('http', 'xyz')]:
    t('getservbyname %r %r' % (name, proto), lambda: socket.getservbyname(name, proto) if proto else socket.getservbyname(name))
for port, proto in [(80, 'tcp'), (53, None), (12345, None), (70000, None)]:
    t('getservbyport %r %r' % (port, proto), lambda: socket.getservbyport(port, proto) if proto else socket.getservbyport(port))
t('getprotobyname udp', lambda: socket.getprotobyname('udp'))
