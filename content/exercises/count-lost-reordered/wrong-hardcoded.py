# 已知错误：不看网络，直接写出答案 / known wrong: writes the answer without reading the network
print("received 15, lost 5, reordered 2")
