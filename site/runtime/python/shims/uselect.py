# uselect: the board's name for select.
from select import *
