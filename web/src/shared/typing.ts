/**
 * Typing notices at most every 2.5 s (the hub relays one per connection every 2 s and drops the rest; the margin absorbs
 * network jitter between two notices), with a trailing
 * one, so that a burst of keystrokes right after a notice is still announced.
 */
export function typingNotifier(send: () => void, intervalMs = 2500) {
  let last = 0;
  let trailing: ReturnType<typeof setTimeout> | null = null;
  return () => {
    const wait = last + intervalMs - Date.now();
    if (wait <= 0) {
      last = Date.now();
      send();
    } else {
      trailing ??= setTimeout(() => {
        trailing = null;
        last = Date.now();
        send();
      }, wait);
    }
  };
}
