import { Injectable, type PipeTransform } from '@nestjs/common';
import { parseEntityId } from '@fleetcache/core';

/** Parses a path id: a positive decimal integer within INT range, else a 400 that says so. */
@Injectable()
export class EntityIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    return parseEntityId(value);
  }
}
