# The PC's services database, as Debian's /etc/services has these entries (netbase 6.3): what
# getaddrinfo, getnameinfo, getservbyname and getservbyport look names and ports up in. A small
# table (the well-known UDP and TCP services a lesson may name), not the whole file.

# name port protocols aliases, in the file's order
_SERVICES = '''\
echo 7 tcp/udp
discard 9 tcp/udp sink,null
daytime 13 tcp/udp
ftp-data 20 tcp
ftp 21 tcp
ssh 22 tcp
telnet 23 tcp
smtp 25 tcp mail
time 37 tcp/udp timserver
whois 43 tcp nicname
tacacs 49 tcp/udp
domain 53 tcp/udp
bootps 67 udp
bootpc 68 udp
tftp 69 udp
gopher 70 tcp
finger 79 tcp
http 80 tcp www
kerberos 88 tcp/udp kerberos5,krb5,kerberos-sec
pop3 110 tcp pop-3
sunrpc 111 tcp/udp portmapper
auth 113 tcp authentication,tap,ident
nntp 119 tcp readnews,untp
ntp 123 udp
netbios-ns 137 udp
netbios-dgm 138 udp
netbios-ssn 139 tcp
imap2 143 tcp imap
snmp 161 tcp/udp
snmp-trap 162 tcp/udp snmptrap
ldap 389 tcp/udp
https 443 tcp/udp
isakmp 500 udp
exec 512 tcp
biff 512 udp comsat
login 513 tcp
who 513 udp whod
shell 514 tcp cmd,syslog
syslog 514 udp
printer 515 tcp spooler
talk 517 udp
ntalk 518 udp
route 520 udp router,routed
rtsp 554 tcp/udp
submission 587 tcp
ipp 631 tcp
ldaps 636 tcp/udp
rsync 873 tcp
imaps 993 tcp
pop3s 995 tcp
socks 1080 tcp
openvpn 1194 tcp/udp
ms-sql-s 1433 tcp
nfs 2049 tcp/udp
mysql 3306 tcp
svn 3690 tcp subversion
sip 5060 tcp/udp
xmpp-client 5222 tcp jabber-client
mdns 5353 udp
postgresql 5432 tcp postgres
x11 6000 tcp x11-0
git 9418 tcp
'''

# (name, port, proto, aliases) per protocol, in file order
ENTRIES = []
for _line in _SERVICES.splitlines():
    _parts = _line.split()
    for _proto in _parts[2].split('/'):
        ENTRIES.append((_parts[0], int(_parts[1]), _proto, _parts[3].split(',') if len(_parts) > 3 else []))
del _line, _parts, _proto


def port_of(name, proto=None):
    """getservbyname: the port of a service name or alias for 'tcp'/'udp' (None: either), or None."""
    for entry in ENTRIES:
        if (proto is None or entry[2] == proto) and (entry[0] == name or name in entry[3]):
            return entry[1]
    return None


def name_of(port, proto=None):
    """getservbyport: the first service on `port` for `proto` (None: either), or None."""
    for entry in ENTRIES:
        if entry[1] == port and (proto is None or entry[2] == proto):
            return entry[0]
    return None
