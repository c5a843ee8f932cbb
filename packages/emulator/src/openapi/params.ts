import { gateway, quickbi } from '../errors/apiError.js';

/**
 * Business parameters of one call, decoded. Absent required params are the gateway's
 * MissingParameter; present-but-empty ones reach Quick BI, which answers System.Param.Empty.
 */
export class Params {
  constructor(private readonly values: ReadonlyMap<string, string>) {}

  has(name: string): boolean {
    return this.values.has(name);
  }

  requiredString(name: string): string {
    const value = this.values.get(name);
    if (value === undefined) throw gateway.missingParameter(name);
    if (value.trim() === '') throw quickbi.paramEmpty(name);
    return value;
  }

  optionalString(name: string): string | undefined {
    const value = this.values.get(name);
    return value === undefined || value === '' ? undefined : value;
  }

  optionalInt(name: string): number | undefined {
    const value = this.optionalString(name);
    if (value === undefined) return undefined;
    if (!/^[+-]?\d{1,15}$/.test(value.trim())) throw gateway.invalidParameter(name);
    return Number(value.trim());
  }

  requiredInt(name: string): number {
    if (!this.values.has(name)) throw gateway.missingParameter(name);
    const value = this.optionalInt(name);
    if (value === undefined) throw quickbi.paramEmpty(name);
    return value;
  }

  requiredBoolean(name: string): boolean {
    const value = this.requiredString(name).trim().toLowerCase();
    if (value !== 'true' && value !== 'false') throw gateway.invalidParameter(name);
    return value === 'true';
  }
}
