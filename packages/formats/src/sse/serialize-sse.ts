// SSE output serialisation (formats.md §2.2).

/** `event: <name>\ndata: <data>\n\n`; multi-line data is split into several `data:` lines. */
export function serializeSse(event: { event?: string; data: string }): string {
  const head = event.event !== undefined && event.event.length > 0 ? `event: ${event.event}\n` : '';
  if (!event.data.includes('\n') && !event.data.includes('\r')) return `${head}data: ${event.data}\n\n`;
  return `${head}${event.data.split(/\r\n|\r|\n/).map((line) => `data: ${line}`).join('\n')}\n\n`;
}

export const DONE_EVENT = 'data: [DONE]\n\n';
