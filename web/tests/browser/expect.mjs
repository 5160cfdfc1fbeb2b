// Waits until a condition holds (the UI updates asynchronously); fails with what was last seen. No timing is asserted:
// the bound only keeps a broken step from hanging the suite.
export async function expect(read, holds, what, seconds = 20) {
  const until = Date.now() + seconds * 1000;
  let last;
  for (;;) {
    try {
      last = await read();
      if (holds(last)) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until) throw new Error(`${what}: last seen ${JSON.stringify(last instanceof Error ? last.message : last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
