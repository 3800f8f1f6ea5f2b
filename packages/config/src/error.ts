/** The one error every configuration check throws: each bad setting by name, with what is wrong. */
export class ConfigError extends Error {
  /** One entry per bad setting: the setting's name and what is wrong with it. */
  readonly problems: { setting: string; message: string }[];
  constructor(problems: { setting: string; message: string }[], what = "Worker") {
    super(`Invalid ${what} configuration: ${problems.map((p) => `${p.setting}: ${p.message}`).join("; ")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}
