// The event bits a socket reports to poll(), numbered as Linux and the board's uselect number them.

export const POLLIN = 1;
export const POLLOUT = 4;
export const POLLERR = 8;
export const POLLHUP = 16;
