import { Injectable, type PipeTransform } from '@nestjs/common';
import { InvalidInputError } from '@fleetcache/core';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A chat session id in a path: a UUID (lower case), else 400 saying so. */
@Injectable()
export class ChatIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value))
      throw new InvalidInputError('The session id must be a UUID, as POST /sessions returned it', {
        id: value.slice(0, 64),
      });
    return value;
  }
}
