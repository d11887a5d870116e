import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AlarmStatus } from './alarm-state';
import { AlarmsService } from './alarms.service';

/** GET /alarms (internal port only): every alarm, its definition, state, reason and last datapoints. */
@ApiTags('alarms')
@Controller('alarms')
export class AlarmsController {
  constructor(private readonly alarms: AlarmsService) {}

  @Get()
  @ApiOkResponse({
    description: 'Every alarm with its state (OK, ALARM, INSUFFICIENT_DATA), in definition order.',
  })
  list(): { alarms: AlarmStatus[] } {
    return { alarms: this.alarms.list() };
  }
}
