// bpmn-moddle ships its element types but no declaration for its module's entry point.
declare module 'bpmn-moddle' {
  interface ParseResult {
    rootElement: unknown;
    /** Every element with an id, by id. */
    elementsById: Record<string, { $type: string }>;
    warnings: Array<{ message: string }>;
  }
  interface Moddle {
    fromXML(xml: string, typeName?: string): Promise<ParseResult>;
    toXML(element: unknown, options?: { format?: boolean }): Promise<{ xml: string }>;
  }
  export function BpmnModdle(packages?: Record<string, unknown>): Moddle;
}
