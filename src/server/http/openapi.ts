import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { generateOpenApiDocument } from "trpc-to-openapi";
import { appRouter } from "@/server/api/root";

let cached: { base: string; doc: ReturnType<typeof generateOpenApiDocument> } | undefined;

/** The OpenAPI 3 document of every procedure that has a REST path, made once per base URL. */
export function openApiDocument(appUrl: string) {
  if (!cached || cached.base !== appUrl) {
    const doc = generateOpenApiDocument(appRouter, {
      title: "MyCRM API",
      description:
        "The REST face of MyCRM's API: the same procedures the app uses. Authenticate with an API key " +
        "(Settings → API keys) as `Authorization: Bearer mcrm_…`. Errors carry a stable `data.appCode` " +
        "and a `message` for people.",
      version: "1.0.0",
      baseUrl: `${appUrl.replace(/\/$/, "")}/api/v1`,
      docsUrl: `${appUrl.replace(/\/$/, "")}/api/docs`,
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key: mcrm_…" } },
    });
    cached = { base: appUrl, doc };
  }
  return cached.doc;
}

const assets: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

/** The docs viewer's files, served from the installed package (no network needed). */
export async function docsAsset(name: string) {
  const type = assets[name];
  if (!type) return null;
  const dir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  return { type, body: await readFile(join(dir, name)) };
}

export function docsPage() {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>MyCRM API</title>
  <link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
  <div id="docs"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#docs", deepLinking: true, persistAuthorization: true });
  </script>
</body>
</html>`;
}
