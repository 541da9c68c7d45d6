// Normalisation, the first step of redaction: nothing a terminal hides may split a credential.
/* eslint-disable no-control-regex -- matching control characters is this module's purpose */

// CSI, OSC and other ESC sequences (RIS, charset switches…), then any other C0/C1 control but
// tab and newline, then Unicode format characters (zero-width spaces and joiners, soft hyphen,
// bidi overrides): all of them vanish on a screen, so `pass\x1b[0mword` reads as `password`.
const ANSI =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[ -~]|\u009b[0-?]*[ -/]*[@-~]/g;
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|\p{Cf}/gu;
const QUICK = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|\p{Cf}/u;

/** The text as a terminal shows it: no escapes, no control or invisible format characters. */
export function normalize(text: string): string {
  if (!QUICK.test(text)) return text;
  return text.replace(ANSI, '').replace(INVISIBLE, '');
}
