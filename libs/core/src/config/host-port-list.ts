import { registerDecorator, type ValidationArguments } from 'class-validator';

/** Options of {@link IsHostPortList}. */
export interface HostPortListRule {
  /** Exactly one `host:port`, not a list. */
  single?: boolean;
}

const ENTRY = /^([^,:\s]+):(\d{1,5})$/;

/** What is wrong with `value` as a `host:port[,host:port…]` list (ports 1–65535), or undefined when nothing is. */
export function hostPortListProblem(value: unknown, rule: HostPortListRule = {}): string | undefined {
  if (typeof value !== 'string' || value === '')
    return `must be ${rule.single ? 'host:port' : 'host:port[,host:port...]'}`;
  const entries = value.split(',');
  if (rule.single && entries.length > 1) return 'must be one host:port, not a list';
  for (const entry of entries) {
    const match = ENTRY.exec(entry);
    if (!match) return `has "${entry}", which is not host:port`;
    const port = Number(match[2]);
    if (port < 1 || port > 65535) return `has port ${match[2]} in "${entry}", outside 1-65535`;
  }
  return undefined;
}

/** Validates a `host:port[,host:port…]` list of TCP endpoints (ports 1–65535). */
export function IsHostPortList(rule: HostPortListRule = {}): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'hostPortList',
      target: target.constructor,
      propertyName: String(property),
      validator: {
        validate: (value: unknown) => hostPortListProblem(value, rule) === undefined,
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} ${hostPortListProblem(args.value, rule)}`,
      },
    });
}
