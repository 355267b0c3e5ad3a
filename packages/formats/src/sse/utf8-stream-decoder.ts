// Incremental UTF-8 decoding for byte chunks: a character split across chunks is completed by the
// next chunk. node:string_decoder is used because it is markedly faster than TextDecoder with
// `stream: true` on network-sized chunks (pure computation, no I/O).
import { StringDecoder } from 'node:string_decoder';

export class Utf8StreamDecoder {
  private readonly decoder = new StringDecoder('utf8');

  write(chunk: Uint8Array): string {
    return this.decoder.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }

  end(): string {
    return this.decoder.end();
  }
}
