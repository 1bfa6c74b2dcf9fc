// saxen (the XML parser bpmn-moddle reads with) ships no type declarations; this is the part the EPCIS XML reader uses.
declare module 'saxen' {
  export interface SaxenContext {
    line: number;
    column: number;
    data: string;
  }
  type ContextGetter = () => SaxenContext;
  type Decoder = (text: string) => string;
  export class Parser {
    constructor(options?: { proxy?: boolean });
    ns(prefixes: Record<string, string>): void;
    on(event: 'openTag', handler: (name: string, attrs: () => Record<string, string>, decode: Decoder, selfClosing: boolean, context: ContextGetter) => void): void;
    on(event: 'closeTag', handler: (name: string, decode: Decoder, selfClosing: boolean, context: ContextGetter) => void): void;
    on(event: 'text', handler: (text: string, decode: Decoder, context: ContextGetter) => void): void;
    on(event: 'cdata', handler: (text: string, context: ContextGetter) => void): void;
    on(event: 'error' | 'warn', handler: (error: Error, context: ContextGetter) => void): void;
    parse(xml: string): void;
    stop(): void;
  }
}
