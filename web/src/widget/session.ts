import { likeshopCall, NetworkError, SessionExpiredError } from "../shared/api";

/**
 * The buyer's Kfk user token, from the shop platform's own endpoint (`data-token-endpoint`): it answers
 * `{"token":"<Kfk user token>"}` for its logged-in buyer (docs in web/README.md). A token Kfk refuses is fetched again once.
 */
export class BuyerSession {
  private token: string | null = null;

  constructor(readonly kfkBase: string, private readonly tokenEndpoint: string) {}

  async current(): Promise<string> {
    return (this.token ??= await this.fetchToken());
  }

  async renew(): Promise<string> {
    this.token = null;
    return this.current();
  }

  /** A likeshop call with the buyer's token; on code -1 the token is renewed and the call made once more. */
  async call<T>(path: string, init: Parameters<typeof likeshopCall>[2] = {}): Promise<T> {
    try {
      return await likeshopCall<T>(this.kfkBase, path, { ...init, token: await this.current() });
    } catch (error) {
      if (!(error instanceof SessionExpiredError)) throw error;
      return likeshopCall<T>(this.kfkBase, path, { ...init, token: await this.renew() });
    }
  }

  /** A WebSocket URL for the likeshop hub from Kfk's negotiate endpoint. */
  async socketUrl(shopId: number, client: number): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const token = attempt === 0 ? await this.current() : await this.renew();
      let response: Response;
      try {
        response = await fetch(new URL("api/v1/negotiate", this.kfkBase), {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ hub: "likeshop" }),
        });
      } catch (error) {
        throw new NetworkError(String(error));
      }
      if (response.status === 401 && attempt === 0) continue;
      if (response.status === 401) throw new SessionExpiredError();
      if (!response.ok) throw new NetworkError(`negotiate ${response.status}`);
      const { url } = (await response.json()) as { url: string };
      return `${url}${url.includes("?") ? "&" : "?"}shop_id=${shopId}&client=${client}`;
    }
  }

  private async fetchToken(): Promise<string> {
    let response: Response;
    try {
      response = await fetch(this.tokenEndpoint, { method: "POST", credentials: "include", headers: { accept: "application/json" } });
    } catch (error) {
      throw new NetworkError(String(error));
    }
    if (response.status === 401 || response.status === 403) throw new SessionExpiredError("not logged in on the shop");
    if (!response.ok) throw new NetworkError(`token endpoint ${response.status}`);
    const { token } = (await response.json()) as { token?: string };
    if (!token) throw new SessionExpiredError("the token endpoint answered no token");
    return token;
  }
}
