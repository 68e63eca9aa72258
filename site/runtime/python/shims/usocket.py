# usocket: the board's name for socket (board programs use both names).
from socket import *
