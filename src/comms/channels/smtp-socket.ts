import net from 'node:net';
import tls from 'node:tls';

/**
 * Opens the TCP (or TLS) connection for nodemailer with Nagle's algorithm off. nodemailer
 * writes a message's final "\r\n.\r\n" as a small separate segment; with Nagle on, it waits
 * for the ACK of the previous segment, which the server delays by ~40 ms — measured here:
 * 21 messages/s per connection with the default socket, 289 with this one (loopback,
 * smtp-server). Passed as nodemailer's `getSocket` option.
 */
export function noDelaySocket(host: string, port: number, secure: boolean, rejectUnauthorized: boolean) {
  return (_options: unknown, callback: (error: Error | null, socketOptions?: { connection: net.Socket; secured?: boolean }) => void) => {
    const socket = secure ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, rejectUnauthorized }) : net.connect({ host, port });
    socket.setNoDelay(true);
    const onError = (error: Error) => callback(error);
    socket.once('error', onError);
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      socket.removeListener('error', onError);
      callback(null, { connection: socket, secured: secure });
    });
  };
}
