import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

export const STATISTICS = ['Average', 'Maximum', 'Minimum', 'Sum', 'SampleCount'] as const;
export const COMPARISONS = [
  'GreaterThanThreshold',
  'GreaterThanOrEqualToThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
] as const;
/** CloudWatch's treatments of missing data. */
export const MISSING_DATA = ['missing', 'notBreaching', 'breaching', 'ignore'] as const;

/**
 * One alarm, as CloudWatch defines one: the datapoints of `metric` (its series matching `dimensions`, all nodes
 * together) are reduced to one per period by `statistic`; the alarm goes to ALARM when `datapointsToAlarm` of the
 * last `evaluationPeriods` datapoints breach `threshold` by `comparison`.
 */
export class AlarmDefinition {
  @IsString() @Matches(/^[A-Za-z0-9_.-]{1,64}$/) name!: string;
  @IsOptional() @IsString() @MaxLength(500) description = '';
  /** The series' source: the cache nodes (`engine`) or the services (`app`). */
  @IsIn(['engine', 'app']) source!: 'engine' | 'app';
  @IsString() @Matches(/^[A-Za-z0-9]{1,64}$/) metric!: string;
  /** Dimensions the series must have: engine, node, role, entity. */
  @IsOptional() @IsObject() dimensions: Record<string, string> = {};
  @IsIn(STATISTICS) statistic!: (typeof STATISTICS)[number];
  /** Seconds per datapoint (CloudWatch: 10, 30 or a multiple of 60; any from 0.2 here, for tests). */
  @IsNumber() @Min(0.2) @Max(86_400) periodSeconds!: number;
  @IsInt() @Min(1) @Max(100) evaluationPeriods!: number;
  @IsInt() @Min(1) @Max(100) datapointsToAlarm!: number;
  @IsNumber() threshold!: number;
  @IsIn(COMPARISONS) comparison!: (typeof COMPARISONS)[number];
  @IsIn(MISSING_DATA) treatMissingData!: (typeof MISSING_DATA)[number];
  /** `false` drops a default alarm. */
  @IsOptional() @IsBoolean() enabled = true;
}
