# inet_aton (with its classic short forms), inet_ntoa, inet_pton, inet_ntop (issue 23, item 2).
import socket


def t(label, f):
    try:
        print(label, '->', repr(f()))
    except Exception as e:
        print(label, '!!', type(e).__name__ + ':', e)


for s in ['127.0.0.1', '127.1', '10.1.2', '1', '0x7f.1', '0X7F.0.0.1', '0x7f000001', '017.1', '0',
          '255.255.255.255', '4294967295', '4294967296', '1.16777215', '1.16777216', '1.2.65535',
          '1.2.65536', '256.1.1.1', '1.256.1.1', '1.2.3.4.5', '', ' 1.2.3.4', '1.2.3.4 ',
          '1.2.3.4\tjunk', '1.2.3.4junk', '08.1.1.1', '0x.1.1.1', '0xg.1.1.1', '1..1', '1.2.3.',
          '.1.2.3', 'localhost', '-1.2.3.4', '+1.2.3.4', '１.2.3.4', '1.2.3.4\0', b'1.2.3.4', None, 5]:
    t('inet_aton %r' % (s,), lambda: socket.inet_aton(s))
packed = {'bytes': b'\x7f\0\0\x01', 'short': b'\x7f\0\0', 'long': b'12345', 'bytearray': bytearray(b'\x01\x02\x03\x04'),
          'memoryview': memoryview(b'\x01\x02\x03\x04'), 'str': '1234', 'None': None, 'int': 4}
for label, p in packed.items():
    t('inet_ntoa ' + label, lambda: socket.inet_ntoa(p))
for fam in [socket.AF_INET, socket.AF_INET6, 2, 99, -1, 2 ** 31, '2', None]:
    for s in ['127.0.0.1', '127.1', '1.2.3.4', '01.2.3.4', '1.2.3.256', '1.2.3.4.', '1.2.3', '', 'x',
              '::1', '::', '::ffff:1.2.3.4', '::1.2.3.4', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7::',
              '1:2:3:4:5:6:7:8::', '::1:2:3:4:5:6:7:8', '1::', ':1::', '1:::2', ':::', '1::2::3',
              'fe80::1%eth0', '2001:DB8::1', '2001:db8::1:0:0:1', '1:2:3:4:5:6:1.2.3.4',
              '1:2:3:4:5:6:7:1.2.3.4', '1:2:3:4:5:6:01.2.3.4', '12345::', '1:2:3:4:5:6:7:8:9',
              '0:0:0:0:0:0:0:1', 'a:b:c:d:e:f:a.2.3.4', b'1.2.3.4', None]:
        t('inet_pton %r %r' % (fam, s), lambda: socket.inet_pton(fam, s))
for fam in [socket.AF_INET, socket.AF_INET6, 99, '2']:
    for label, p in [('v4', b'\x7f\0\0\x01'), ('short', b'\x7f\0\0'), ('zero16', b'\0' * 16),
                     ('loopback6', b'\0' * 15 + b'\x01'), ('mapped', b'\0' * 10 + b'\xff\xff\x01\x02\x03\x04'),
                     ('compat', b'\0' * 12 + b'\x01\x02\x03\x04'), ('counting', bytes(range(16))),
                     ('doc', b'\x20\x01\x0d\xb8' + b'\0' * 11 + b'\x01'),
                     ('two runs', b'\x20\x01\x0d\xb8\0\0\0\0\0\x01\0\0\0\0\0\x01'),
                     ('tail run', b'\x00\x01' + b'\0' * 14), ('one zero', b'\x00\x01\0\0' + b'\x00\x01' * 6),
                     ('equal runs', b'\x00\x01\0\0\0\0\x00\x01\0\0\0\0\x00\x01\x00\x01'),
                     ('bytearray', bytearray(4)), ('memoryview', memoryview(b'abcd')), ('str', '1234'), ('None', None)]:
        t('inet_ntop %r %s' % (fam, label), lambda: socket.inet_ntop(fam, p))
