// Errors of the runtime itself (not Python's): the message starts with a stable UDPLAB_ERR_* code,
// which `.code` carries too, so callers can tell errors apart without reading text.

/** A runtime error code, e.g. 'UDPLAB_ERR_TOO_MANY_PROCESSES'. */
export type UdplabErrorCode = `UDPLAB_ERR_${string}`;

/** An error with its UDPLAB_ERR_* code on `.code`. */
export type CodedError<E extends Error = Error> = E & { readonly code: UdplabErrorCode };

/** `new Kind("CODE: detail")` with `.code = CODE`. */
export function codedError<E extends Error>(
  Kind: new (message: string) => E,
  code: UdplabErrorCode,
  detail: string,
): CodedError<E> {
  return Object.assign(new Kind(`${code}: ${detail}`), { code });
}
