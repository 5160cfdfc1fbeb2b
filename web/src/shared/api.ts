// The likeshop REST envelope: {code, show, msg, data}; code -1 = the session is gone, 0 = refused (msg says why).

export class SessionExpiredError extends Error {
  constructor(message = "session expired") {
    super(message);
  }
}

export class RefusedError extends Error {}

export class NetworkError extends Error {}

export interface CallOptions {
  token?: string;
  method?: "GET" | "POST";
  body?: unknown;
  form?: FormData;
  onUploadProgress?: (fraction: number) => void;
}

export async function likeshopCall<T>(baseUrl: string, path: string, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (options.token) headers.token = options.token;
  let body: BodyInit | undefined;
  if (options.form) body = options.form;
  else if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  const text = options.onUploadProgress
    ? await xhr(new URL(path, baseUrl).href, headers, body, options.onUploadProgress)
    : await fetchText(new URL(path, baseUrl).href, { method: options.method ?? (body ? "POST" : "GET"), headers, body });
  let envelope: { code: number; msg: string; data: T };
  try {
    envelope = JSON.parse(text);
  } catch {
    throw new NetworkError("bad response");
  }
  if (envelope.code === -1) throw new SessionExpiredError(envelope.msg);
  if (envelope.code !== 1) throw new RefusedError(envelope.msg);
  return envelope.data;
}

/** Native API calls (/api/v1/...): JSON or ProblemDetails. */
export async function nativeCall<T>(baseUrl: string, path: string, bearer: string, method = "GET", body?: unknown): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${bearer}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(new URL(path, baseUrl), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new NetworkError(String(error));
  }
  if (response.status === 401) throw new SessionExpiredError();
  const json = await response.json().catch(() => null);
  if (!response.ok) throw new RefusedError(json?.detail ?? json?.title ?? `HTTP ${response.status}`);
  return json as T;
}

async function fetchText(url: string, init: RequestInit): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new NetworkError(String(error));
  }
  if (response.status >= 500) throw new NetworkError(`HTTP ${response.status}`);
  return response.text();
}

function xhr(url: string, headers: Record<string, string>, body: BodyInit | undefined, progress: (f: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
    request.upload.onprogress = (e) => e.lengthComputable && progress(e.loaded / e.total);
    request.onload = () => (request.status >= 500 ? reject(new NetworkError(`HTTP ${request.status}`)) : resolve(request.responseText));
    request.onerror = () => reject(new NetworkError("upload failed"));
    request.send(body as XMLHttpRequestBodyInit);
  });
}
