# 停等协议的发送方：在丢包 30 % 的网络上把五条消息都送到
# a stop-and-wait sender: get all five messages through a LAN that loses 30 %
import socket

RECEIVER = ("192.168.0.20", 7000)
MESSAGES = ["第一条", "第二条", "第三条", "第四条", "第五条"]

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for seq, text in enumerate(MESSAGES):
    sock.sendto(("%d|%s" % (seq, text)).encode("utf-8"), RECEIVER)
    # TODO: 等这条的 ACK（"ACK 序号"），最多等 0.5 秒；没等到就重发同一条，每条最多发 8 次
    #       wait at most 0.5 s for this message's ACK ("ACK <seq>"); resend it if none comes, at most 8 sends each
sock.close()
