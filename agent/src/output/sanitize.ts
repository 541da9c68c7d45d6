// Hygiene of everything that leaves the agent: no terminal escapes, no control characters.
/* eslint-disable no-control-regex -- matching control characters is this module's purpose */

// CSI, OSC and other ESC sequences (RIS, charset switches…), then any other C0/C1 control but tab and newline.
const ANSI =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[ -~]|\u009b[0-?]*[ -/]*[@-~]/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function stripControl(text: string): string {
  return text.replace(ANSI, '').replace(CONTROL, '');
}
