// Loaded into an example app's server process (NODE_OPTIONS=--import) by the examples check only:
// the app's Date follows the emulator's movable clock, as the browser's follows Playwright's, so
// "past a ticket's expiry" is reached without waiting an hour. The app's own code is untouched.
const url = process.env.QUICKBI_EXAMPLES_CLOCK_URL;
if (url) {
  const RealDate = Date;
  let offsetMs = 0;
  class FollowingDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offsetMs);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offsetMs;
    }
  }
  globalThis.Date = FollowingDate;
  const poll = async () => {
    try {
      const answer = await fetch(url);
      offsetMs = (await answer.json()).offsetMs;
    } catch {
      // The emulator is gone: the check is over.
    }
  };
  setInterval(poll, 100).unref();
  await poll();
}
