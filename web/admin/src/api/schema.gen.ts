// GENERATED from the API's OpenAPI document (GET /openapi.json) by web/admin/scripts/generate-api-types.ts.
// Do not edit. Regenerate: pnpm --filter @forecourt/admin gen:api (a browser test fails when this drifts).
export interface paths {
  "/v1/dealerships": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List dealerships: all for platform_admin, the token's own for dealer roles */
    get: operations["listDealerships"];
    put?: never;
    /** Onboard a dealership (platform_admin) */
    post: operations["createDealership"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/dealerships/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a dealership */
    get: operations["getDealership"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Update a dealership (platform_admin: all fields; dealer_admin: all but status and rateLimits) */
    patch: operations["updateDealership"];
    trace?: never;
  };
  "/v1/dealerships/{id}/ai/budget": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Set the dealership's AI budgets (micro-dollars per UTC day / month; null = configured default) */
    patch: operations["setAiBudget"];
    trace?: never;
  };
  "/v1/dealerships/{id}/ai/usage": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** AI tokens and cost per UTC day and feature (chat, search, embedding), with the budgets */
    get: operations["aiUsage"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/dealerships/{id}/api-keys": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List a dealership's API keys, active and revoked (never the keys themselves) */
    get: operations["listApiKeys"];
    put?: never;
    /** Create a publishable API key (dealer_admin, platform_admin); the key is returned once */
    post: operations["createApiKey"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/dealerships/{id}/api-keys/{keyId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke an API key (takes effect on the next request; idempotent) */
    delete: operations["revokeApiKey"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/dealerships/{id}/chat": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Staff chat with the assistant about the dealership's stock (server-sent events)
     * @description Same answer and events as POST /v1/public/chat, for staff (JWT).
     */
    post: operations["chat"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/dealerships/{id}/embeddings/rebuild": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Re-embed every vehicle of the dealership (dealer staff and up, platform_admin); answers at once
     * @description Queues a rebuild for the embedder Worker: every active vehicle is embedded again and every vector whose vehicle is no longer active is deleted, one page per queue message. 409 when the embed-jobs queue is not configured.
     */
    post: operations["rebuildEmbeddings"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/dealerships/{id}/embeddings/replay": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Replay the dealership's dead-lettered embedding jobs (dealer staff and up, platform_admin)
     * @description Sends every embed-jobs message of the dealership that exhausted its retries back to the queue and marks it replayed. The embedder re-reads the vehicles' current state, so a replay converges on the inventory as it is now.
     */
    post: operations["replayEmbeddingDeadLetters"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/dealerships/{id}/jobs": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A dealership's scrape history, newest first */
    get: operations["listDealershipJobs"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/dealerships/{id}/quality": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Listing quality of a dealership's active inventory: score statistics, flag counts, worst listings
     * @description Dealer staff and platform operators (not publishable keys). Scores are computed on every write and by the background rescore; vehicles not scored yet are left out.
     */
    get: operations["getDealershipQuality"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/dealerships/{id}/scrapes": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Start a scrape of the dealership's website (dealer_admin, platform_admin); answers at once
     * @description Enqueues the job and answers 202 with it; the scraper Worker does the work. Watch it on `GET /v1/jobs/{jobId}/ws` or poll `GET /v1/jobs/{jobId}`. `Idempotency-Key`: the same key for the same dealership within 24 h returns the same job (202, `Idempotent-Replayed: true`); the same key with a different body is 409. One scrape per dealership at a time: another active one is 409 (`details.activeJobId`).
     */
    post: operations["startScrape"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/dealerships/{id}/search": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Semantic search of a dealership's active inventory (staff twin of /v1/public/search) */
    get: operations["semanticSearch"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/dealerships/{id}/vehicles": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Search a dealership's inventory: filters, sort, cursor pagination, facet counts
     * @description Unknown query parameters are rejected (400) so a typo never silently widens a search. Prices are integer minor units.
     */
    get: operations["searchVehicles"];
    put?: never;
    /** Create or update a vehicle by VIN (201 created, 200 updated) */
    post: operations["upsertVehicle"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/dealerships/{id}/vehicles/{vehicleId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a vehicle (any status) */
    get: operations["getVehicle"];
    put?: never;
    post?: never;
    /** Delete a vehicle and its price history (to take it off sale keep it and set status sold/removed) */
    delete: operations["deleteVehicle"];
    options?: never;
    head?: never;
    /** Change some fields of a vehicle (a price change is recorded in price history) */
    patch: operations["updateVehicle"];
    trace?: never;
  };
  "/v1/dealerships/{id}/vehicles/{vehicleId}/price-history": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every recorded price of a vehicle, oldest first */
    get: operations["getVehiclePriceHistory"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/dealerships/{id}/vehicles/bulk": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create or update up to 1,000 vehicles by VIN, with per-item results
     * @description Body limit BULK_MAX_BODY_BYTES (default 5 MiB). A shape error anywhere (wrong type, unknown field) rejects the call with 400 and nothing is written. Items that fail the value rules (invalid VIN, VIN/year/make mismatch, year out of range, VIN repeated in the call) are reported per item; the rest are written in one atomic batch. With `atomic: true` any failing item rejects the whole call with 422 (details.items) and nothing is written.
     */
    post: operations["bulkUpsertVehicles"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/health": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness check (no auth, no database) */
    get: operations["health"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/health/ready": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Deep readiness: every binding and provider, with per-check status and latency (operators)
     * @description Authorization: Bearer <METRICS_TOKEN> or a platform_admin JWT. 503 when any required check fails. /v1/health stays the shallow liveness check.
     */
    get: operations["readiness"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/jobs": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Scrape jobs across dealerships, newest first (e.g. ?status=dead for the dead-letter view)
     * @description platform_admin sees every dealership's jobs; dealer roles only their own dealerships'. `dealershipId` narrows the list (a dealership the caller cannot see gives an empty list).
     */
    get: operations["listJobs"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/jobs/{jobId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A scrape job: status, counts, first errors, review, dead letters (polling)
     * @description The same object the WebSocket pushes, plus the job's dead letters. 404 for another dealership's job.
     */
    get: operations["getJob"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/jobs/{jobId}/apply": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Apply a needs_review job's removals (dealer_admin, platform_admin)
     * @description Removes the vehicles the scrape did not see, recomputed now (vehicles seen since the scrape started are kept); the job ends succeeded. 409 unless the job is needs_review.
     */
    post: operations["applyJob"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/jobs/{jobId}/discard": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Discard a needs_review job's removals (dealer_admin, platform_admin)
     * @description Removes nothing; the job ends failed (it does not become the baseline for later scrapes). 409 unless the job is needs_review.
     */
    post: operations["discardJob"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/jobs/{jobId}/replay": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Replay a dead job (dealer_admin, platform_admin)
     * @description Re-sends the messages that exhausted their retries and resumes the job where it stopped (finished work is not redone). 409 unless the job is dead, or while another scrape of the dealership runs.
     */
    post: operations["replayJob"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/jobs/{jobId}/ws": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Live progress of a scrape job over a WebSocket
     * @description Upgrade to a WebSocket (`Upgrade: websocket`). Authentication and tenant scope are checked before the upgrade (401/404 as usual).
     *
     *     Browsers cannot set headers on WebSockets: offer the token as a subprotocol, `new WebSocket(url, ['forecourt.v1', 'bearer.' + jwt])`; the server selects `forecourt.v1` (never echoes the token). Other clients may send `Authorization: Bearer`.
     *
     *     Frames are JSON: `{"type":"progress","job":<Job>,"final":bool}`, first the current state, then after every change (`job.version` increases). Send `"get"` to receive the state again; `"ping"` answers `"pong"`.
     *
     *     A request without an Upgrade header gets 426.
     */
    get: operations["watchJob"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ops/vector-migrations": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Copy vectors from one store to another, resumable (platform_admin)
     * @description Starts a migration of one tenant (`dealershipId`) or all, or RESUMES the unfinished one with the same source, target and tenant from its checkpoint (`created: false`). The embedder copies in batches, one queue message per step, then verifies counts and a sample of vectors. The source is only read, never written or deleted from. Poll `GET /v1/ops/vector-migrations/{migrationId}`.
     */
    post: operations["startVectorMigration"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ops/vector-migrations/{migrationId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A vector migration's progress and verification result (platform_admin) */
    get: operations["getVectorMigration"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/public/chat": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Ask the dealership's AI assistant; the answer streams as server-sent events
     * @description Grounded in this dealership's active vehicles only; cites vehicle ids; every price, VIN and year is checked against the cited vehicle before it is sent. Errors found before streaming are ordinary JSON errors (400, 404 unknown conversation, 503 AI not configured); errors during the answer arrive as an `error` event.
     */
    post: operations["publicChat"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/public/search": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Semantic search of the API key's dealership: natural language -> filters + similarity
     * @description The query is parsed into structured filters (shown in `parsed`), the rest is matched by vector similarity, always within this dealership's active inventory. When similarity search is unavailable the filters alone answer (`mode: structured`, with `degraded.reason`).
     */
    get: operations["publicSemanticSearch"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/public/vehicles": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Search the API key's dealership's active inventory (dealer websites) */
    get: operations["publicSearchVehicles"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/public/vehicles/{vehicleId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An active vehicle of the API key's dealership */
    get: operations["publicGetVehicle"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/vins/{vin}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Validate and decode a VIN (check digit, model year, manufacturer, country)
     * @description Always 200 for a decodable request: an invalid VIN answers valid=false with the reasons.
     */
    get: operations["decodeVin"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    AiBudget: {
      /** @description Micro-dollars (1 USD = 1,000,000); null = no limit. */
      dailyMicroUsd: number | null;
      monthlyMicroUsd: number | null;
      source: {
        /** @enum {string} */
        daily: "dealership" | "default";
        /** @enum {string} */
        monthly: "dealership" | "default";
      };
    };
    /** @description Micro-dollars; null resets to the configured default. */
    AiBudgetPatch: {
      dailyMicroUsd?: number | null;
      monthlyMicroUsd?: number | null;
    };
    AiUsageReport: {
      budget: {
        /** @description Micro-dollars (1 USD = 1,000,000); null = no limit. */
        dailyMicroUsd: number | null;
        monthlyMicroUsd: number | null;
        source: {
          /** @enum {string} */
          daily: "dealership" | "default";
          /** @enum {string} */
          monthly: "dealership" | "default";
        };
        spentThisMonthMicroUsd: number;
        spentTodayMicroUsd: number;
      };
      days: {
        calls: number;
        costMicroUsd: number;
        day: string;
        /** @description chat, search or embedding */
        feature: string;
        inputTokens: number;
        outputTokens: number;
      }[];
      dealershipId: string;
      from: string;
      to: string;
      totals: {
        calls: number;
        costMicroUsd: number;
        inputTokens: number;
        outputTokens: number;
      };
    };
    ApiKey: {
      /**
       * Format: date-time
       * @example 2026-04-01T12:00:00.000Z
       */
      createdAt: string;
      dealershipId: string;
      /** @example key_01jz8k2m3n4p5q6r7s8t9v0w1x */
      id: string;
      /**
       * Format: date-time
       * @example 2026-04-01T12:00:00.000Z
       */
      lastUsedAt: string | null;
      name: string;
      /**
       * @description First characters of the key, to tell keys apart.
       * @example fc_pk_4fR9aQ
       */
      prefix: string;
      /**
       * Format: date-time
       * @example 2026-04-01T12:00:00.000Z
       */
      revokedAt: string | null;
    };
    ApiKeyList: {
      items: components["schemas"]["ApiKey"][];
      nextCursor: null;
    };
    BulkResult: {
      results: {
        error?: {
          /** @enum {string} */
          code: "validation_failed" | "unprocessable";
          issues: {
            code: string;
            message: string;
            path: (string | number)[];
          }[];
          message: string;
        };
        id?: string;
        index: number;
        /** @enum {string} */
        outcome: "created" | "updated" | "unchanged" | "failed";
        priceChanged?: boolean;
        vin: string;
      }[];
      summary: {
        created: number;
        failed: number;
        unchanged: number;
        updated: number;
      };
    };
    BulkUpsert: {
      /** @description true: any invalid item rejects the whole call (422) and nothing is written. */
      atomic?: boolean;
      items: components["schemas"]["VehicleInput"][];
    };
    ChatRequest: {
      /** @description Continue a conversation (from the meta event of an earlier answer). */
      conversationId?: string;
      /** @description The shopper's message (1-2,000 characters). */
      message: string;
    };
    CreateApiKey: {
      /** @example Website (2026 rotation) */
      name?: string;
    };
    CreatedApiKey: components["schemas"]["ApiKey"] & {
      /**
       * @description The full key. Shown once; store it now.
       * @example fc_pk_4fR9aQ…
       */
      key: string;
    };
    CreateDealership: {
      /** @example Riverside Motors */
      name: string;
      /** @description Per key class: public = publishable API keys, staff = JWT callers. Omitted classes keep their value. */
      rateLimits?: {
        public?: components["schemas"]["RateLimitRule"];
        staff?: components["schemas"]["RateLimitRule"];
      };
      /** @description Omitted fields keep their value. */
      scrapeSchedule?: {
        /**
         * @description Five-field cron in the dealership's timezone.
         * @example 0 3 * * *
         */
        cron?: string;
        enabled?: boolean;
      };
      /**
       * @description Default active.
       * @enum {string}
       */
      status?: "onboarding" | "active" | "paused" | "disabled";
      /**
       * @description IANA timezone; default America/New_York.
       * @example America/Chicago
       */
      timezone?: string;
      /**
       * Format: uri
       * @example https://www.riverside-motors.example
       */
      websiteUrl: string;
    };
    DeadLetter: {
      /**
       * Format: date-time
       * @example 2026-04-01T12:00:00.000Z
       */
      createdAt: string;
      id: string;
      messageId: string;
      messageType: string | null;
      queue: string;
      reason: string | null;
      /**
       * Format: date-time
       * @example 2026-04-01T12:00:00.000Z
       */
      replayedAt: string | null;
    };
    Dealership: {
      /**
       * Format: date-time
       * @example 2026-04-01T12:00:00.000Z
       */
      createdAt: string;
      /** @example dlr_01jz8k2m3n4p5q6r7s8t9v0w1x */
      id: string;
      name: string;
      rateLimits: {
        public: {
          limit: number;
          windowSeconds: number;
        };
        staff: {
          limit: number;
          windowSeconds: number;
        };
      };
      scrapeSchedule: {
        cron: string;
        enabled: boolean;
      };
      /** @enum {string} */
      status: "onboarding" | "active" | "paused" | "disabled";
      timezone: string;
      /**
       * Format: date-time
       * @example 2026-04-01T12:00:00.000Z
       */
      updatedAt: string;
      websiteUrl: string;
    };
    DealershipList: {
      items: components["schemas"]["Dealership"][];
      nextCursor: string | null;
    };
    DealershipQuality: {
      /** @description One decimal; null when count is 0. */
      averageScore: number | null;
      /** @description Active vehicles with a quality score. */
      count: number;
      distribution: {
        count: number;
        from: number;
        label: string;
        to: number;
      }[];
      /** @description Vehicles carrying each flag code, most frequent first. */
      flagCounts: {
        code: string;
        count: number;
      }[];
      median: number | null;
      worst: {
        flags: string[];
        make: string;
        model: string;
        score: number;
        vehicleId: string;
        vin: string;
        year: number;
      }[];
    };
    EmbeddingRebuild: {
      rebuild: {
        dealershipId: string;
        /** Format: date-time */
        queuedAt: string;
        requestId: string;
      };
    };
    EmbeddingReplay: {
      replay: {
        dealershipId: string;
        /** @description Dead-lettered embed messages sent again. */
        replayed: number;
        /** @description Malformed dead letters that cannot be replayed. */
        skipped: number;
      };
    };
    Error: {
      error: {
        /**
         * @description Stable, machine-readable error code.
         * @example not_found
         * @enum {string}
         */
        code:
          | "bad_request"
          | "validation_failed"
          | "invalid_json"
          | "unauthorized"
          | "forbidden"
          | "not_found"
          | "conflict"
          | "payload_too_large"
          | "unsupported_media_type"
          | "unprocessable"
          | "upgrade_required"
          | "rate_limited"
          | "internal_error"
          | "service_unavailable";
        /** @description Field-level problems (list of {path, code, message}) or per-item results. */
        details?: unknown;
        /**
         * @description What went wrong and what to change.
         * @example vehicle "veh_…" was not found
         */
        message: string;
        /**
         * @description Quote this when reporting a problem.
         * @example req_01j…
         */
        requestId: string;
      };
    };
    /** @description Counts per value for each requested facet; every filter applies. */
    Facets: {
      [key: string]: {
        count: number;
        value: string;
      }[];
    };
    Health: {
      /** @enum {string} */
      status: "ok";
      version: string;
    };
    Job: {
      batches: {
        done: number;
        total: number;
      };
      budget: {
        maxBytes: number;
        maxPages: number;
        maxSeconds: number;
      };
      bytesFetched: number;
      counts: {
        pagesFailed: number;
        pagesFetched: number;
        pagesQueued: number;
        vehiclesFound: number;
        vehiclesNew: number;
        vehiclesRemoved: number;
        vehiclesUnchanged: number;
        vehiclesUpdated: number;
      };
      /**
       * Format: date-time
       * @example 2026-04-01T12:00:00.000Z
       */
      createdAt: string;
      dealershipId: string;
      discoveryDone: boolean;
      errorCount: number;
      /** @description The first errors (capped); errorCount counts all. */
      errors: components["schemas"]["ScrapeError"][];
      /**
       * Format: date-time
       * @example 2026-04-01T12:00:00.000Z
       */
      finishedAt: string | null;
      /** @example job_01jz8k2m3n4p5q6r7s8t9v0w1x */
      id: string;
      lastError: string | null;
      replays: number;
      requestedBy: string;
      review: components["schemas"]["ScrapeReview"];
      /**
       * Format: date-time
       * @example 2026-04-01T12:00:00.000Z
       */
      scheduledFor: string | null;
      /**
       * Format: date-time
       * @example 2026-04-01T12:00:00.000Z
       */
      startedAt: string | null;
      /**
       * @description queued → discovering → fetching → reconciling → succeeded | needs_review | failed; dead = a message exhausted its retries (replay it).
       * @enum {string}
       */
      status:
        | "queued"
        | "discovering"
        | "fetching"
        | "reconciling"
        | "succeeded"
        | "needs_review"
        | "failed"
        | "dead";
      /** @enum {string} */
      trigger: "manual" | "schedule";
      /** @description Why discovery stopped early (a budget), if it did. */
      truncated: string | null;
      /**
       * Format: date-time
       * @example 2026-04-01T12:00:00.000Z
       */
      updatedAt: string;
      /** @description Bumped on every change (WebSocket frames carry it too). */
      version: number;
      websiteUrl: string;
    };
    JobDetail: components["schemas"]["Job"] & {
      deadLetters: components["schemas"]["DeadLetter"][];
    };
    JobEnvelope: {
      job: components["schemas"]["Job"];
    };
    JobList: {
      items: components["schemas"]["Job"][];
      nextCursor: string | null;
    };
    Money: {
      /**
       * @description Integer minor units (cents).
       * @example 2499500
       */
      amount: number;
      /** @example USD */
      currency: string;
    } | null;
    ParsedQuery: {
      /** @description Structured filters read from the query. Prices in minor units. */
      filters: {
        bodyStyle?: string[];
        colorFamily?: string[];
        condition?: string[];
        drivetrain?: string[];
        fuelType?: string[];
        make?: string[];
        mileageMax?: number;
        model?: string[];
        priceMax?: number;
        priceMin?: number;
        yearMax?: number;
        yearMin?: number;
      };
      recognized: {
        /** @example priceMax */
        field: string;
        /** @description The words as typed. */
        text: string;
        value: string | number | string[];
      }[];
      /** @description What went to similarity search (empty: the whole query did). */
      remainder: string;
      /** @enum {string|null} */
      sort: "price_asc" | "mileage_asc" | "year_desc" | null;
    };
    PriceHistory: {
      items: {
        /**
         * Format: date-time
         * @example 2026-04-01T12:00:00.000Z
         */
        observedAt: string;
        price: {
          amount: number;
          currency: string;
        } | null;
        /** @description api, bulk, scrape or seed */
        source: string;
        vehicleId: string;
      }[];
      nextCursor: null;
    };
    PublicSemanticSearchResult: {
      /** @description Present when mode is structured: why similarity search was not used. */
      degraded?: {
        message: string;
        /** @enum {string} */
        reason: "ai_disabled" | "embedding_failed" | "vector_store_failed" | "budget_exceeded";
      };
      /** @enum {string} */
      mode: "semantic" | "structured";
      parsed: components["schemas"]["ParsedQuery"];
      query: string;
      results: {
        /** @description Cosine similarity; null in structured mode. */
        score: number | null;
        vehicle: components["schemas"]["PublicVehicle"];
      }[];
    };
    /** @description What dealer websites see: no status, timestamps or tenant fields. */
    PublicVehicle: {
      /** @enum {string|null} */
      bodyStyle:
        | "sedan"
        | "suv"
        | "truck"
        | "coupe"
        | "convertible"
        | "hatchback"
        | "wagon"
        | "van"
        | "minivan"
        | "other"
        | null;
      /** @enum {string} */
      condition: "new" | "used" | "certified";
      description: string | null;
      /** @enum {string|null} */
      drivetrain: "fwd" | "rwd" | "awd" | "4wd" | null;
      engine: string | null;
      exteriorColor: string | null;
      /** @enum {string|null} */
      exteriorColorFamily:
        | "black"
        | "white"
        | "silver"
        | "gray"
        | "red"
        | "blue"
        | "green"
        | "brown"
        | "beige"
        | "gold"
        | "orange"
        | "yellow"
        | "purple"
        | "other"
        | null;
      /** @enum {string|null} */
      fuelType: "gasoline" | "diesel" | "hybrid" | "plug_in_hybrid" | "electric" | "flex" | "other" | null;
      /** @example veh_01jz8k2m3n4p5q6r7s8t9v0w1x */
      id: string;
      interiorColor: string | null;
      make: string;
      mileage: number | null;
      model: string;
      photos: string[];
      price: {
        amount: number;
        currency: string;
      } | null;
      sourceUrl: string | null;
      stockNumber: string | null;
      /** @enum {string|null} */
      transmission: "automatic" | "manual" | "cvt" | "dct" | "other" | null;
      trim: string | null;
      vin: string;
      year: number;
    };
    PublicVehicleList: {
      facets?: components["schemas"]["Facets"];
      items: components["schemas"]["PublicVehicle"][];
      nextCursor: string | null;
    };
    /** @description Token bucket: `limit` requests per `windowSeconds`, refilled continuously. */
    RateLimitRule: {
      /** @example 600 */
      limit: number;
      /** @example 60 */
      windowSeconds: number;
    };
    Readiness: {
      checks: components["schemas"]["ReadinessCheck"][];
      /** @enum {string} */
      status: "ready" | "not_ready";
    };
    ReadinessCheck: {
      detail?: {
        [key: string]: unknown;
      };
      error?: string;
      latencyMs: number;
      name: string;
      required: boolean;
      /** @enum {string} */
      status: "ok" | "fail" | "skipped";
    };
    ScrapeError: {
      /**
       * Format: date-time
       * @example 2026-04-01T12:00:00.000Z
       */
      at: string;
      /** @example http_error */
      code: string;
      /** @example HTTP 500 */
      message: string;
      url: string | null;
    };
    /** @description Why a scrape was not trusted to remove vehicles, and what it would have removed. */
    ScrapeReview: {
      baseline: {
        activeBefore: number;
        jobId: string | null;
        vehiclesFound: number;
      };
      reasons: string[];
      resolution: {
        /** @enum {string} */
        action: "applied" | "discarded";
        /**
         * Format: date-time
         * @example 2026-04-01T12:00:00.000Z
         */
        at: string;
        by: string;
        removed?: number;
      } | null;
      wouldRemove: {
        vehicleId: string;
        vin: string;
      }[];
      wouldRemoveCount: number;
    } | null;
    SemanticSearchResult: {
      /** @description Present when mode is structured: why similarity search was not used. */
      degraded?: {
        message: string;
        /** @enum {string} */
        reason: "ai_disabled" | "embedding_failed" | "vector_store_failed" | "budget_exceeded";
      };
      /** @enum {string} */
      mode: "semantic" | "structured";
      parsed: components["schemas"]["ParsedQuery"];
      query: string;
      results: {
        /** @description Cosine similarity; null in structured mode. */
        score: number | null;
        vehicle: components["schemas"]["Vehicle"];
      }[];
    };
    StartScrape: {
      /** @description A lower page budget for this run (at most the configured one). */
      maxPages?: number;
    };
    StartVectorMigration: {
      /** @description Copy one tenant only; omit for every tenant. */
      dealershipId?: string | null;
      /**
       * @description `local`, `local:<index>` (another local index), `vectorize`, `pinecone` or `qdrant`, as configured.
       * @example qdrant
       */
      from: string;
      /**
       * @description `local`, `local:<index>` (another local index), `vectorize`, `pinecone` or `qdrant`, as configured.
       * @example qdrant
       */
      to: string;
    };
    /** @description dealer_admin may change name, websiteUrl, timezone, scrapeSchedule; status and rateLimits are platform_admin only. */
    UpdateDealership: {
      /** @example Riverside Motors */
      name?: string;
      /** @description Per key class: public = publishable API keys, staff = JWT callers. Omitted classes keep their value. */
      rateLimits?: {
        public?: components["schemas"]["RateLimitRule"];
        staff?: components["schemas"]["RateLimitRule"];
      };
      /** @description Omitted fields keep their value. */
      scrapeSchedule?: {
        /**
         * @description Five-field cron in the dealership's timezone.
         * @example 0 3 * * *
         */
        cron?: string;
        enabled?: boolean;
      };
      /**
       * @description Default active.
       * @enum {string}
       */
      status?: "onboarding" | "active" | "paused" | "disabled";
      /**
       * @description IANA timezone; default America/New_York.
       * @example America/Chicago
       */
      timezone?: string;
      /**
       * Format: uri
       * @example https://www.riverside-motors.example
       */
      websiteUrl?: string;
    };
    VectorMigration: {
      createdAt: string;
      dealershipId: string | null;
      finishedAt: string | null;
      id: string;
      lastError: string | null;
      /** @description Counters from the migration engine (copied, total, ...). */
      progress?: unknown;
      requestedBy: string;
      source: string;
      /** @enum {string} */
      status: "running" | "verifying" | "succeeded" | "failed";
      steps: number;
      target: string;
      updatedAt: string;
      /** @description Counts (and a sample of vectors) compared between source and target; null until verified. */
      verification?: unknown;
    };
    Vehicle: {
      /** @enum {string|null} */
      bodyStyle:
        | "sedan"
        | "suv"
        | "truck"
        | "coupe"
        | "convertible"
        | "hatchback"
        | "wagon"
        | "van"
        | "minivan"
        | "other"
        | null;
      /** @enum {string} */
      condition: "new" | "used" | "certified";
      /**
       * Format: date-time
       * @example 2026-04-01T12:00:00.000Z
       */
      createdAt: string;
      dealershipId: string;
      description: string | null;
      /** @enum {string|null} */
      drivetrain: "fwd" | "rwd" | "awd" | "4wd" | null;
      engine: string | null;
      exteriorColor: string | null;
      /** @enum {string|null} */
      exteriorColorFamily:
        | "black"
        | "white"
        | "silver"
        | "gray"
        | "red"
        | "blue"
        | "green"
        | "brown"
        | "beige"
        | "gold"
        | "orange"
        | "yellow"
        | "purple"
        | "other"
        | null;
      /**
       * Format: date-time
       * @example 2026-04-01T12:00:00.000Z
       */
      firstSeenAt: string;
      /** @enum {string|null} */
      fuelType: "gasoline" | "diesel" | "hybrid" | "plug_in_hybrid" | "electric" | "flex" | "other" | null;
      /** @example veh_01jz8k2m3n4p5q6r7s8t9v0w1x */
      id: string;
      interiorColor: string | null;
      /**
       * Format: date-time
       * @example 2026-04-01T12:00:00.000Z
       */
      lastSeenAt: string;
      make: string;
      mileage: number | null;
      model: string;
      photos: string[];
      price: {
        amount: number;
        currency: string;
      } | null;
      quality: components["schemas"]["VehicleQuality"];
      /**
       * Format: date-time
       * @example 2026-04-01T12:00:00.000Z
       */
      removedAt: string | null;
      sourceUrl: string | null;
      /** @enum {string} */
      status: "active" | "sold" | "removed";
      stockNumber: string | null;
      /** @enum {string|null} */
      transmission: "automatic" | "manual" | "cvt" | "dct" | "other" | null;
      trim: string | null;
      /**
       * Format: date-time
       * @example 2026-04-01T12:00:00.000Z
       */
      updatedAt: string;
      vin: string;
      year: number;
    };
    /** @description A full vehicle. POST replaces: optional fields not sent are cleared. */
    VehicleInput: {
      /** @enum {string|null} */
      bodyStyle?:
        | "sedan"
        | "suv"
        | "truck"
        | "coupe"
        | "convertible"
        | "hatchback"
        | "wagon"
        | "van"
        | "minivan"
        | "other"
        | null;
      /**
       * @description Default used.
       * @enum {string}
       */
      condition?: "new" | "used" | "certified";
      description?: string | null;
      /** @enum {string|null} */
      drivetrain?: "fwd" | "rwd" | "awd" | "4wd" | null;
      engine?: string | null;
      /** @example Summit White */
      exteriorColor?: string | null;
      /**
       * @description Derived from exteriorColor when omitted.
       * @enum {string|null}
       */
      exteriorColorFamily?:
        | "black"
        | "white"
        | "silver"
        | "gray"
        | "red"
        | "blue"
        | "green"
        | "brown"
        | "beige"
        | "gold"
        | "orange"
        | "yellow"
        | "purple"
        | "other"
        | null;
      /** @enum {string|null} */
      fuelType?: "gasoline" | "diesel" | "hybrid" | "plug_in_hybrid" | "electric" | "flex" | "other" | null;
      interiorColor?: string | null;
      /**
       * @description Aliases are normalised (chevy -> Chevrolet, vw -> Volkswagen).
       * @example Chevrolet
       */
      make: string;
      mileage?: number | null;
      /** @example Silverado 1500 */
      model: string;
      photos?: string[];
      price?: components["schemas"]["Money"];
      sourceUrl?: string | null;
      /**
       * @description Default active.
       * @enum {string}
       */
      status?: "active" | "sold" | "removed";
      stockNumber?: string | null;
      /** @enum {string|null} */
      transmission?: "automatic" | "manual" | "cvt" | "dct" | "other" | null;
      trim?: string | null;
      /**
       * @description 17 characters; validated (check digit, model year, WMI).
       * @example 1GCUYDED5MZ123456
       */
      vin: string;
      /** @example 2021 */
      year: number;
    };
    VehicleList: {
      facets?: components["schemas"]["Facets"];
      items: components["schemas"]["Vehicle"][];
      nextCursor: string | null;
    };
    /** @description Only the fields sent change. The VIN cannot change. */
    VehiclePatch: {
      /** @enum {string|null} */
      bodyStyle?:
        | "sedan"
        | "suv"
        | "truck"
        | "coupe"
        | "convertible"
        | "hatchback"
        | "wagon"
        | "van"
        | "minivan"
        | "other"
        | null;
      /**
       * @description Default used.
       * @enum {string}
       */
      condition?: "new" | "used" | "certified";
      description?: string | null;
      /** @enum {string|null} */
      drivetrain?: "fwd" | "rwd" | "awd" | "4wd" | null;
      engine?: string | null;
      /** @example Summit White */
      exteriorColor?: string | null;
      /**
       * @description Derived from exteriorColor when omitted.
       * @enum {string|null}
       */
      exteriorColorFamily?:
        | "black"
        | "white"
        | "silver"
        | "gray"
        | "red"
        | "blue"
        | "green"
        | "brown"
        | "beige"
        | "gold"
        | "orange"
        | "yellow"
        | "purple"
        | "other"
        | null;
      /** @enum {string|null} */
      fuelType?: "gasoline" | "diesel" | "hybrid" | "plug_in_hybrid" | "electric" | "flex" | "other" | null;
      interiorColor?: string | null;
      /**
       * @description Aliases are normalised (chevy -> Chevrolet, vw -> Volkswagen).
       * @example Chevrolet
       */
      make?: string;
      mileage?: number | null;
      /** @example Silverado 1500 */
      model?: string;
      photos?: string[];
      price?: components["schemas"]["Money"];
      sourceUrl?: string | null;
      /**
       * @description Default active.
       * @enum {string}
       */
      status?: "active" | "sold" | "removed";
      stockNumber?: string | null;
      /** @enum {string|null} */
      transmission?: "automatic" | "manual" | "cvt" | "dct" | "other" | null;
      trim?: string | null;
      /** @example 2021 */
      year?: number;
    };
    /** @description Listing quality 0-100 with its named parts and flags; null until the vehicle is scored. */
    VehicleQuality: {
      flags: {
        /** @description Stable code, e.g. thin_description (see docs/api.md). */
        code: string;
        message: string;
        part: string;
        /** @enum {string} */
        severity: "error" | "warning" | "info";
      }[];
      /** @description Price vs market (rating great..overpriced, or reason 'not enough data'; expected range, comparables count). Null for non-active vehicles. */
      market: {
        [key: string]: unknown;
      } | null;
      parts: {
        detail: string;
        name: string;
        score: number;
        weight: number;
      }[];
      score: number;
    } | null;
    VinDecode: {
      country: string | null;
      make: string | null;
      manufacturer: string | null;
      modelYear: number | null;
      reasons: {
        code: string;
        message: string;
        /** @description error (makes the VIN invalid) or warning */
        severity: string;
      }[];
      valid: boolean;
      /** @description The VIN as decoded (trimmed, upper-cased). */
      vin: string;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  listDealerships: {
    parameters: {
      query?: {
        /** @description Opaque `nextCursor` from the previous page of the same query. */
        cursor?: string;
        /** @description Page size, 1-100 (default 50). */
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of dealerships, ordered by id. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["DealershipList"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  createDealership: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["CreateDealership"];
      };
    };
    responses: {
      /** @description Created. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Dealership"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getDealership: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The dealership. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Dealership"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  updateDealership: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["UpdateDealership"];
      };
    };
    responses: {
      /** @description The updated dealership. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Dealership"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  setAiBudget: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["AiBudgetPatch"];
      };
    };
    responses: {
      /** @description The budgets now in force. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["AiBudget"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  aiUsage: {
    parameters: {
      query?: {
        /** @description First UTC day, YYYY-MM-DD (default: 29 days before `to`). */
        from?: string;
        /** @description Last UTC day, YYYY-MM-DD (default: today). */
        to?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Usage in the range (at most 366 days). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["AiUsageReport"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  listApiKeys: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description All keys, newest last. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ApiKeyList"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  createApiKey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        "application/json": components["schemas"]["CreateApiKey"];
      };
    };
    responses: {
      /** @description Created. Store `key` now: it is not shown again. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["CreatedApiKey"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Conflicts with the current state. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  revokeApiKey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        keyId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The revoked key. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ApiKey"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  chat: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["ChatRequest"];
      };
    };
    responses: {
      /** @description An event stream. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "text/event-stream": string;
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  rebuildEmbeddings: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Accepted. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["EmbeddingRebuild"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Conflicts with the current state. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  replayEmbeddingDeadLetters: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description What was replayed. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["EmbeddingReplay"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Conflicts with the current state. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  listDealershipJobs: {
    parameters: {
      query?: {
        /** @description Opaque `nextCursor` from the previous page of the same query. */
        cursor?: string;
        /** @description Page size, 1-100 (default 20). */
        limit?: number;
        /** @description Only jobs in these statuses. Comma-separated for several values. */
        status?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of jobs. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["JobList"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getDealershipQuality: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The quality summary. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["DealershipQuality"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  startScrape: {
    parameters: {
      query?: never;
      header?: {
        /** @description Client-chosen key (1-255 visible ASCII characters). */
        "idempotency-key"?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        "application/json": components["schemas"]["StartScrape"];
      };
    };
    responses: {
      /** @description Accepted: the job (new, or the one this Idempotency-Key already started). */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["JobEnvelope"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Conflicts with the current state. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  semanticSearch: {
    parameters: {
      query: {
        /** @description Results wanted (default 10). */
        limit?: number;
        /** @description What the shopper typed (1-500 characters). */
        q: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Matches, best first. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["SemanticSearchResult"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  searchVehicles: {
    parameters: {
      query?: {
        /** @description Body styles: sedan, suv, truck, coupe, convertible, hatchback, wagon, van, minivan, other. Comma-separated for several values. */
        bodyStyle?: string;
        /** @description Exterior colour families (black, white, silver, gray, red, blue, green, brown, beige, gold, orange, yellow, purple, other; "grey", "navy"… map onto them). Comma-separated for several values. */
        color?: string;
        /** @description Conditions: new, used, certified. Comma-separated for several values. */
        condition?: string;
        /** @description Opaque `nextCursor` from the previous page of the same query. */
        cursor?: string;
        /** @description Drivetrains: fwd, rwd, awd, 4wd. Comma-separated for several values. */
        drivetrain?: string;
        /** @description Facet counts to return: make, model, year, bodyStyle, condition, fuelType, drivetrain, exteriorColorFamily, status. Comma-separated for several values. */
        facets?: string;
        /** @description Fuel types: gasoline, diesel, hybrid, plug_in_hybrid, electric, flex, other. Comma-separated for several values. */
        fuelType?: string;
        /** @description Page size, 1-100 (default 24). */
        limit?: number;
        /** @description Makes (aliases accepted: chevy, vw...). Comma-separated for several values. */
        make?: string;
        /** @description Maximum mileage (inclusive). */
        mileageMax?: number;
        /** @description Models. Comma-separated for several values. */
        model?: string;
        /** @description Price to, in integer minor units (cents), inclusive. */
        priceMax?: number;
        /** @description Price from, in integer minor units (cents), inclusive. */
        priceMin?: number;
        /** @description Free text over make, model, trim, VIN, stock number, colours, description. */
        q?: string;
        /** @description Default newest. */
        sort?:
          | "newest"
          | "price_asc"
          | "price_desc"
          | "year_desc"
          | "year_asc"
          | "mileage_asc"
          | "updated_desc";
        /** @description Statuses (default active): active, sold, removed. Comma-separated for several values. */
        status?: string;
        /** @description Model year to (inclusive). */
        yearMax?: number;
        /** @description Model year from (inclusive). */
        yearMin?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of vehicles. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["VehicleList"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  upsertVehicle: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["VehicleInput"];
      };
    };
    responses: {
      /** @description A vehicle with this VIN existed and was updated (or was already identical). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Vehicle"];
        };
      };
      /** @description Created. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Vehicle"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Well-formed but semantically invalid (e.g. the VIN is invalid or contradicts year/make). */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getVehicle: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        vehicleId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The vehicle. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Vehicle"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  deleteVehicle: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        vehicleId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  updateVehicle: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        vehicleId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["VehiclePatch"];
      };
    };
    responses: {
      /** @description The updated vehicle. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Vehicle"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Well-formed but semantically invalid (e.g. the VIN is invalid or contradicts year/make). */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getVehiclePriceHistory: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        vehicleId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Price history. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PriceHistory"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  bulkUpsertVehicles: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["BulkUpsert"];
      };
    };
    responses: {
      /** @description Per-item results in request order, and a summary. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["BulkResult"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Well-formed but semantically invalid (e.g. the VIN is invalid or contradicts year/make). */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  health: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The API is up. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Health"];
        };
      };
    };
  };
  readiness: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Every required check passed. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Readiness"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description A required check failed. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Readiness"];
        };
      };
    };
  };
  listJobs: {
    parameters: {
      query?: {
        /** @description Opaque `nextCursor` from the previous page of the same query. */
        cursor?: string;
        /** @description Only this dealership's jobs. */
        dealershipId?: string;
        /** @description Page size, 1-100 (default 20). */
        limit?: number;
        /** @description Only jobs in these statuses. Comma-separated for several values. */
        status?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of jobs. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["JobList"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getJob: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        jobId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The job. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["JobDetail"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  applyJob: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        jobId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The job after the action. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["JobEnvelope"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Conflicts with the current state. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  discardJob: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        jobId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The job after the action. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["JobEnvelope"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Conflicts with the current state. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  replayJob: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        jobId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The job after the action. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["JobEnvelope"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Conflicts with the current state. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  watchJob: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        jobId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Switching protocols: the WebSocket. */
      101: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Not a WebSocket upgrade request. */
      426: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  startVectorMigration: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["StartVectorMigration"];
      };
    };
    responses: {
      /** @description Accepted: the migration (new or resumed). */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            created?: boolean;
            migration: components["schemas"]["VectorMigration"];
          };
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Conflicts with the current state. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getVectorMigration: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        migrationId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The migration. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            created?: boolean;
            migration: components["schemas"]["VectorMigration"];
          };
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  publicChat: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["ChatRequest"];
      };
    };
    responses: {
      /** @description An event stream. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "text/event-stream": string;
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description AI chat is not configured on this server. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": string;
        };
      };
    };
  };
  publicSemanticSearch: {
    parameters: {
      query: {
        /** @description Results wanted (default 10). */
        limit?: number;
        /** @description What the shopper typed (1-500 characters). */
        q: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Matches, best first. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PublicSemanticSearchResult"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  publicSearchVehicles: {
    parameters: {
      query?: {
        /** @description Body styles: sedan, suv, truck, coupe, convertible, hatchback, wagon, van, minivan, other. Comma-separated for several values. */
        bodyStyle?: string;
        /** @description Exterior colour families (black, white, silver, gray, red, blue, green, brown, beige, gold, orange, yellow, purple, other; "grey", "navy"… map onto them). Comma-separated for several values. */
        color?: string;
        /** @description Conditions: new, used, certified. Comma-separated for several values. */
        condition?: string;
        /** @description Opaque `nextCursor` from the previous page of the same query. */
        cursor?: string;
        /** @description Drivetrains: fwd, rwd, awd, 4wd. Comma-separated for several values. */
        drivetrain?: string;
        /** @description Facet counts to return: make, model, year, bodyStyle, condition, fuelType, drivetrain, exteriorColorFamily. Comma-separated for several values. */
        facets?: string;
        /** @description Fuel types: gasoline, diesel, hybrid, plug_in_hybrid, electric, flex, other. Comma-separated for several values. */
        fuelType?: string;
        /** @description Page size, 1-100 (default 24). */
        limit?: number;
        /** @description Makes (aliases accepted: chevy, vw...). Comma-separated for several values. */
        make?: string;
        /** @description Maximum mileage (inclusive). */
        mileageMax?: number;
        /** @description Models. Comma-separated for several values. */
        model?: string;
        /** @description Price to, in integer minor units (cents), inclusive. */
        priceMax?: number;
        /** @description Price from, in integer minor units (cents), inclusive. */
        priceMin?: number;
        /** @description Free text over make, model, trim, VIN, stock number, colours, description. */
        q?: string;
        /** @description Default newest. */
        sort?:
          | "newest"
          | "price_asc"
          | "price_desc"
          | "year_desc"
          | "year_asc"
          | "mileage_asc"
          | "updated_desc";
        /** @description Model year to (inclusive). */
        yearMax?: number;
        /** @description Model year from (inclusive). */
        yearMin?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of active vehicles. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PublicVehicleList"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  publicGetVehicle: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        vehicleId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The vehicle. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PublicVehicle"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  decodeVin: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        vin: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The decoded VIN. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["VinDecode"];
        };
      };
      /** @description Malformed or invalid request (codes: bad_request, validation_failed, invalid_json). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Missing, malformed, expired or otherwise invalid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Authenticated, but the role does not allow this action. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description No such resource, or it belongs to another dealership. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Request body larger than the limit. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Body is not JSON. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Rate limit exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description Unexpected server error (no internals are exposed). */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
}
