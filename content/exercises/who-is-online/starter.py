# 谁在线？用广播找到局域网里所有的掌控板 / who is online? find every board on the LAN with a broadcast
import socket

PORT = 7000
QUESTION = "谁在线？".encode("utf-8")

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
# TODO: 把 QUESTION 广播到 192.168.0.255:7000
#       broadcast QUESTION to 192.168.0.255:7000
# TODO: 收集回复（每块板回答 "我在：IP"），1 秒没有新回复就停
#       collect the answers (each board says "我在：IP"); stop after 1 s without a new one
# TODO: print("found %d: %s" % (数量 / count, ", ".join(按顺序排好的 IP / the sorted IPs)))
sock.close()
