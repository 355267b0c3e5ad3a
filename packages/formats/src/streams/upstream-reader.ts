// The part every upstream reader keeps alike: the model the upstream reported and whether its normal
// end was seen. Usage is read differently per format, so each reader provides it.
import type { NormalizedUsage } from '../usage.js';
import type { UpstreamReadings } from './translator.js';

export abstract class UpstreamReader implements UpstreamReadings {
  protected modelName: string | undefined;
  protected finishedFlag = false;

  abstract get usage(): NormalizedUsage | undefined;

  get model(): string | undefined {
    return this.modelName;
  }

  get finished(): boolean {
    return this.finishedFlag;
  }
}
