// The text a stream converter produces for one push/end/fail call.

export class StreamOutput {
  private text = '';

  /** `event: <name>\ndata: <json>\n\n` (Anthropic and Responses dialects). */
  event(name: string, json: string): void {
    this.text += `event: ${name}\ndata: ${json}\n\n`;
  }

  /** `data: <json>\n\n` (Chat Completions dialect). */
  data(json: string): void {
    this.text += `data: ${json}\n\n`;
  }

  raw(text: string): void {
    this.text += text;
  }

  take(): string {
    const text = this.text;
    this.text = '';
    return text;
  }
}

/** What `StreamConverter.fail()` receives. */
export interface StreamFailure {
  status?: number;
  type?: string;
  message: string;
}
