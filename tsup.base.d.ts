import type { Options } from 'tsup';
export declare function libraryConfig(overrides?: Options): Options | Options[] | ((overrideOptions: Options) => Options | Options[] | Promise<Options | Options[]>);
