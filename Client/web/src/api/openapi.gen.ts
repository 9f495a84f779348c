// Generated from docs/openapi.json by `npm run gen:api` (openapi-typescript). Do not edit.

export interface paths {
    "/api/public/namespaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every public namespace, for anyone. */
        get: operations["ListPublicNamespaces"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/storage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["GetMyStorage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/storage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["GetUserStorage"];
        put: operations["SetUserStorageQuota"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ssh/gateway": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The SSH gateways' host keys: what ssh shows on first connecting through the gateway. */
        get: operations["GetSshGateway"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/compute": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["GetMyCompute"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/compute": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["GetUserCompute"];
        put: operations["SetUserComputeQuota"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/compute/nodes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The nodes containers are scheduled on, with what their containers' limits take. */
        get: operations["ListComputeNodes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in for the dashboard: sets the session and CSRF cookies. */
        post: operations["Login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in for the CLI and scripts: returns a bearer session token. */
        post: operations["CreateSessionToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke the current session and clear the cookies. */
        post: operations["Logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/jwks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The public keys that verify session tokens. */
        get: operations["Jwks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user. */
        get: operations["GetMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change your password; revokes your other sessions. */
        post: operations["ChangePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ListMySessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["RevokeMySession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ListMyApiTokens"];
        put?: never;
        /** Create a scoped API token; it is shown once. */
        post: operations["CreateApiToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["DeleteApiToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Users in name order, keyset-paged. */
        get: operations["ListUsers"];
        put?: never;
        post: operations["CreateUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["GetUser"];
        put?: never;
        post?: never;
        /** Delete a user: revokes everything it holds and tells every capability. */
        delete: operations["DeleteUser"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/role": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put: operations["SetUserRole"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a new password; revokes all the user's sessions. */
        post: operations["ResetUserPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ListUserSessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/sessions/{sessionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["RevokeUserSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dfs/files/{path}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a file; supports a single Range. */
        get: operations["DfsGetFile"];
        /** Write a file (the raw body), replacing any previous version atomically. */
        put: operations["DfsPutFile"];
        post?: never;
        delete: operations["DfsDeleteFile"];
        options?: never;
        head: operations["DfsHeadFile"];
        patch?: never;
        trace?: never;
    };
    "/api/dfs/folders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Entries of one folder, paged by name. */
        get: operations["DfsListFolder"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dfs/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Nodes, disks, capacity and replicas. */
        get: operations["DfsStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dfs/fsck": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check every file's chunks and replicas (verify=true reads every live replica in full) and list every problem. */
        post: operations["DfsFsck"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/namespaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your namespaces by name (owner=<user id> for an admin). */
        get: operations["ListNamespaces"];
        put?: never;
        post: operations["CreateNamespace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/namespaces/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["GetNamespace"];
        put?: never;
        post?: never;
        /** Delete it; its files go in the background. */
        delete: operations["DeleteNamespace"];
        options?: never;
        head?: never;
        /** Rename, or change visibility. */
        patch: operations["UpdateNamespace"];
        trace?: never;
    };
    "/api/namespaces/{id}/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Files of one folder (delimiter=/) or under a prefix (delimiter empty). */
        get: operations["ListFiles"];
        put?: never;
        /** Store the files of a multipart form, one after another. */
        post: operations["PostFiles"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/namespaces/{id}/files/{path}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download a file; one Range, ETag and If-None-Match. */
        get: operations["GetFile"];
        /** Store a file (the raw body), replacing any previous one atomically. */
        put: operations["PutFile"];
        post?: never;
        delete: operations["DeleteFile"];
        options?: never;
        head: operations["HeadFile"];
        patch?: never;
        trace?: never;
    };
    "/api/namespaces/{id}/metadata/{path}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["GetFileMetadata"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/namespaces/{id}/shares": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ListShares"];
        put?: never;
        /** A link to one file for anyone who holds it; the url is shown once. */
        post: operations["CreateShare"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/namespaces/{id}/shares/{shareId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["RevokeShare"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/shares/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["GetSharedFile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head: operations["HeadSharedFile"];
        patch?: never;
        trace?: never;
    };
    "/api/shares/{token}/info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["GetSharedFileInfo"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/uploads/{uploadId}/progress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Server-sent events of an upload's progress until it ends (only its uploader). */
        get: operations["UploadProgressEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/uploads/{uploadId}/progress/ws": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The same as a WebSocket of JSON text messages. */
        get: operations["UploadProgressWebSocket"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/ssh-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ListMySshKeys"];
        put?: never;
        /** Add an ed25519, ECDSA or RSA (>= 2048 bits) public key. */
        post: operations["AddSshKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/ssh-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["DeleteSshKey"];
        options?: never;
        head?: never;
        patch: operations["RenameSshKey"];
        trace?: never;
    };
    "/api/containers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your containers by name (owner=<user id> for an admin). */
        get: operations["ListContainers"];
        put?: never;
        /** Create a container; it is created and started in the background. */
        post: operations["CreateContainer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/containers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["GetContainer"];
        put?: never;
        post?: never;
        /** Delete it with its volume and ingress rules (in the background). */
        delete: operations["DeleteContainer"];
        options?: never;
        head?: never;
        /** Change the allowed SSH keys (applied live) or the restart policy. */
        patch: operations["UpdateContainer"];
        trace?: never;
    };
    "/api/containers/{id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["StartContainer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/containers/{id}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["StopContainer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/containers/{id}/restart": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["RestartContainer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/containers/{id}/ingress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ListIngress"];
        put?: never;
        post: operations["AddIngress"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/containers/{id}/ingress/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["RemoveIngress"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/containers/{id}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The last lines (tail), or with follow=true a text/event-stream of them and every new line. */
        get: operations["ContainerLogs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/containers/{id}/logs/ws": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Followed logs as a WebSocket of JSON text messages. */
        get: operations["ContainerLogsWebSocket"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/containers/{id}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ContainerStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/containers/{id}/stats/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A text/event-stream of stats every 2 s. */
        get: operations["ContainerStatsStream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/containers/{id}/stats/ws": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The same as a WebSocket of JSON text messages. */
        get: operations["ContainerStatsWebSocket"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/containers/{id}/terminal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A single-use ticket (30 s) for a shell in the container: open the returned WebSocket path on the edge with it. */
        post: operations["OpenContainerTerminal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/containers/{id}/terminal/ws": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Served by the edge (which holds the SSH client); a silo reached directly explains that. */
        get: operations["ContainerTerminalWebSocket"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/routes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every static route (api and routes.yaml) with the table's version. */
        get: operations["ListRoutes"];
        put?: never;
        /** Add a route; the edges apply it within a second. */
        post: operations["AddRoute"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/routes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["GetRoute"];
        /** Replace an API route (routes.yaml routes answer 409). */
        put: operations["UpdateRoute"];
        post?: never;
        /** Remove an API route (routes.yaml routes answer 409). */
        delete: operations["DeleteRoute"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AddSshKeyRequest: {
            name: null | string;
            publicKey: null | string;
        };
        ApiTokenResponse: {
            /** Format: uuid */
            id: string;
            name: string;
            scopes: string[];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt: string;
            /** Format: date-time */
            lastUsedAt: null | string;
        };
        ChangePasswordRequest: {
            currentPassword: null | string;
            newPassword: null | string;
        };
        ComputeNode: {
            name: string;
            /** Format: int32 */
            cpus: number;
            /** Format: int64 */
            memoryBytes: number;
            engineAvailable: boolean;
            /** Format: double */
            allocatedCpus: number;
            /** Format: int64 */
            allocatedMemoryBytes: number;
            /** Format: int32 */
            containers: number;
            /** Format: date-time */
            lastSeen: string;
            present: boolean;
        };
        ComputeNodeList: {
            items: components["schemas"]["ComputeNode"][];
        };
        ComputeQuotaRequest: {
            /** Format: int32 */
            maxContainers: null | number;
            /** Format: double */
            maxCpus: null | number;
            /** Format: int64 */
            maxMemoryBytes: null | number;
        };
        ComputeUsage: {
            /** Format: int32 */
            containers: number;
            /** Format: int32 */
            maxContainers: number;
            /** Format: double */
            cpus: number;
            /** Format: double */
            maxCpus: number;
            /** Format: int64 */
            memoryBytes: number;
            /** Format: int64 */
            maxMemoryBytes: number;
        };
        ContainerAddress: {
            /** Format: int32 */
            port: number;
            /** Format: int32 */
            hostPort: number;
            host: string;
        };
        ContainerPage: {
            items: components["schemas"]["ContainerResponse"][];
            next: null | string;
        };
        ContainerResponse: {
            /** Format: uuid */
            id: string;
            name: string;
            /** Format: uuid */
            ownerId: string;
            owner: string;
            image: string;
            /** Format: double */
            cpus: number;
            /** Format: int64 */
            memoryBytes: number;
            /** Format: int64 */
            pidsLimit: number;
            env: {
                [key: string]: string;
            };
            command: string[];
            ports: number[];
            restartPolicy: components["schemas"]["RestartPolicy"];
            volume: boolean;
            allowedKeys: string[];
            desiredState: components["schemas"]["DesiredState"];
            status: components["schemas"]["ContainerStatus"];
            statusReason: null | string;
            node: null | string;
            addresses: components["schemas"]["ContainerAddress"][];
            /** Format: int64 */
            exitCode: null | number;
            /** Format: int32 */
            restartCount: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            startedAt: null | string;
            /** Format: date-time */
            updatedAt: string;
            ingress: components["schemas"]["IngressRuleResponse"][];
            ssh: null | components["schemas"]["SshAccess"];
        };
        ContainerStats: {
            /** Format: date-time */
            time: string;
            /** Format: double */
            cpuPercent: number;
            /** Format: int64 */
            memoryBytes: number;
            /** Format: int64 */
            memoryLimitBytes: number;
            /** Format: int64 */
            networkRxBytes: number;
            /** Format: int64 */
            networkTxBytes: number;
            /** Format: int64 */
            pids: number;
            /** Format: int32 */
            restartCount: number;
            running: boolean;
        };
        /** @enum {unknown} */
        ContainerStatus: "creating" | "starting" | "running" | "stopping" | "stopped" | "exited" | "failed" | "lost" | "deleting";
        CookieLoginResponse: {
            user: components["schemas"]["UserResponse"];
            /** Format: date-time */
            expiresAt: string;
            csrfToken: string;
        };
        CreateApiTokenRequest: {
            name: null | string;
            scopes: null | string[];
            /** Format: int32 */
            expiresInDays: null | number;
        };
        CreateContainerRequest: {
            name: null | string;
            image: null | string;
            /** Format: double */
            cpus: null | number;
            /** Format: int64 */
            memoryBytes: null | number;
            /** Format: int64 */
            pidsLimit: null | number;
            env: null | {
                [key: string]: string;
            };
            command: null | string[];
            ports: null | number[];
            restartPolicy: null | components["schemas"]["RestartPolicy"];
            allowedKeys: null | string[];
            ingress: null | components["schemas"]["IngressRequestBody"][];
            volume: null | boolean;
        };
        CreatedApiTokenResponse: {
            token: string;
            info: components["schemas"]["ApiTokenResponse"];
        };
        CreateNamespaceRequest: {
            name: null | string;
            visibility: null | components["schemas"]["Visibility"];
        };
        CreateShareRequest: {
            path: null | string;
            /** Format: int32 */
            expiresInHours: null | number;
        };
        CreateUserRequest: {
            username: null | string;
            password: null | string;
            role: null | string;
        };
        /** @enum {unknown} */
        DesiredState: "running" | "stopped";
        DfsDiskResponse: {
            id: string;
            /** Format: int64 */
            capacityBytes: number;
            /** Format: int64 */
            freeBytes: number;
            /** Format: int32 */
            replicas: number;
        };
        DfsEntryResponse: {
            name: string;
            isFolder: boolean;
        };
        DfsFileResponse: {
            path: string;
            /** Format: int64 */
            version: number;
            /** Format: int64 */
            size: number;
            sha256: string;
            /** Format: int32 */
            chunks: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            modifiedAt: string;
        };
        DfsFolderResponse: {
            path: string;
            items: components["schemas"]["DfsEntryResponse"][];
            next: null | string;
        };
        DfsFsckReport: {
            /** Format: int64 */
            files: number;
            /** Format: int64 */
            chunks: number;
            /** Format: int64 */
            replicasVerified: number;
            /** Format: int64 */
            bytesVerified: number;
            /** Format: int64 */
            unreferencedReplicas: number;
            /** Format: int32 */
            errors: number;
            /** Format: int32 */
            warnings: number;
            problems: components["schemas"]["DfsProblem"][];
            truncated: boolean;
            healthy?: boolean;
        };
        DfsNodeRates: {
            /** Format: double */
            bytesInPerSecond: number;
            /** Format: double */
            bytesOutPerSecond: number;
        };
        DfsNodeResponse: {
            name: string;
            alive: boolean;
            /** Format: date-time */
            lastSeen: string;
            dataPlaneUrl: string;
            disks: components["schemas"]["DfsDiskResponse"][];
            rates: components["schemas"]["DfsNodeRates"];
            totals: components["schemas"]["DfsNodeTotals"];
        };
        DfsNodeTotals: {
            /** Format: int64 */
            bytesIn: number;
            /** Format: int64 */
            bytesOut: number;
            /** Format: int64 */
            gcReclaimedBytes: number;
            /** Format: int64 */
            gcReclaimedReplicas: number;
            /** Format: int64 */
            scrubbedBytes: number;
            /** Format: int64 */
            corruptReplicasFound: number;
            /** Format: int64 */
            repairBytesCopied: number;
        };
        DfsProblem: {
            severity: string;
            kind: string;
            detail: string;
            path: null | string;
            /** Format: uuid */
            chunkId: null | string;
            node: null | string;
            disk: null | string;
        };
        DfsRepairResponse: {
            /** Format: int32 */
            underReplicated: number;
            /** Format: int32 */
            repairable: number;
            /** Format: int32 */
            queued: number;
            /** Format: int32 */
            inProgress: number;
            /** Format: int64 */
            completed: number;
            /** Format: int64 */
            failed: number;
            /** Format: int64 */
            bytesCopied: number;
            /** Format: int32 */
            lost: number;
        };
        DfsStatusResponse: {
            /** Format: int64 */
            chunkSize: number;
            /** Format: int32 */
            replicationFactor: number;
            nodes: components["schemas"]["DfsNodeResponse"][];
            /** Format: int64 */
            capacityBytes: number;
            /** Format: int64 */
            freeBytes: number;
            /** Format: int32 */
            replicas: number;
            rates: components["schemas"]["DfsNodeRates"];
            totals: components["schemas"]["DfsNodeTotals"];
            repair: components["schemas"]["DfsRepairResponse"];
        };
        DfsWriteResponse: {
            file: components["schemas"]["DfsFileResponse"];
            /** Format: int32 */
            replicas: number;
            /** Format: int32 */
            replicationFactor: number;
            underReplicated: boolean;
        };
        FilePage: {
            items: components["schemas"]["StoredFileResponse"][];
            folders: string[];
            next: null | string;
        };
        IngressList: {
            items: components["schemas"]["IngressRuleResponse"][];
        };
        IngressRequestBody: {
            name: null | string;
            /** Format: int32 */
            port: null | number;
            pathPrefix: null | string;
        };
        IngressRuleResponse: {
            name: string;
            /** Format: int32 */
            port: number;
            pathPrefix: null | string;
            url: string;
            /** Format: uuid */
            containerId: string;
        };
        ItemsResponseOfApiTokenResponse: {
            items: components["schemas"]["ApiTokenResponse"][];
        };
        ItemsResponseOfSessionResponse: {
            items: components["schemas"]["SessionResponse"][];
        };
        JwkResponse: {
            kty: string;
            crv: string;
            kid: string;
            use: string;
            alg: string;
            x: string;
            y: string;
        };
        JwksResponse: {
            keys: components["schemas"]["JwkResponse"][];
        };
        LoginRequest: {
            username: null | string;
            password: null | string;
        };
        NamespacePage: {
            items: components["schemas"]["NamespaceResponse"][];
            next: null | string;
        };
        NamespaceResponse: {
            /** Format: uuid */
            id: string;
            name: string;
            /** Format: uuid */
            ownerId: string;
            owner: string;
            visibility: components["schemas"]["Visibility"];
            /** Format: date-time */
            createdAt: string;
            /** Format: int64 */
            usedBytes: number;
        };
        PageResponseOfUserResponse: {
            items: components["schemas"]["UserResponse"][];
            next: null | string;
        };
        RenameSshKeyRequest: {
            name: null | string;
        };
        ResetPasswordRequest: {
            newPassword: null | string;
        };
        /** @enum {unknown} */
        RestartPolicy: "never" | "on-failure" | "always";
        RouteList: {
            /** Format: int64 */
            version: number;
            items: components["schemas"]["RouteResponse"][];
        };
        RouteRequest: {
            host: null | string;
            pathPrefix: null | string;
            stripPrefix: null | boolean;
            backend: null | string;
        };
        RouteResponse: {
            /** Format: uuid */
            id: string;
            host: string;
            pathPrefix: string;
            stripPrefix: boolean;
            backend: string;
            source: components["schemas"]["RouteSource"];
            /** Format: date-time */
            updatedAt: string;
        };
        /** @enum {unknown} */
        RouteSource: "api" | "file";
        SessionResponse: {
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            lastSeenAt: string;
            /** Format: date-time */
            expiresAt: string;
            ip: null | string;
            userAgent: null | string;
            current: boolean;
        };
        SetRoleRequest: {
            role: null | string;
        };
        SetStorageQuotaRequest: {
            /** Format: int64 */
            maxBytes: null | number;
            /** Format: int32 */
            maxNamespaces: null | number;
        };
        SharedFileInfo: {
            path: string;
            /** Format: int64 */
            size: number;
            contentType: string;
            /** Format: date-time */
            modifiedAt: string;
            /** Format: date-time */
            expiresAt: null | string;
        };
        ShareList: {
            items: components["schemas"]["ShareResponse"][];
        };
        ShareResponse: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            namespaceId: string;
            path: string;
            url: null | string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt: null | string;
            createdBy: string;
        };
        SshAccess: {
            command: string;
            hostKeys: string[];
        };
        SshGatewayInfo: {
            hostKeys: string[];
        };
        SshKeyInfo: {
            /** Format: uuid */
            id: string;
            name: string;
            type: string;
            /** Format: int32 */
            bits: number;
            fingerprint: string;
            publicKey: string;
            /** Format: date-time */
            createdAt: string;
        };
        SshKeyList: {
            items: components["schemas"]["SshKeyInfo"][];
        };
        StorageUsageResponse: {
            /** Format: int64 */
            usedBytes: number;
            /** Format: int64 */
            maxBytes: number;
            /** Format: int32 */
            namespaces: number;
            /** Format: int32 */
            maxNamespaces: number;
            /** Format: int64 */
            reservedBytes: number;
        };
        StoredFileResponse: {
            path: string;
            /** Format: int64 */
            size: number;
            sha256: string;
            contentType: string;
            /** Format: int64 */
            version: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            modifiedAt: string;
            /** Format: uuid */
            uploaderId: null | string;
            uploader: null | string;
        };
        StoredFilesResponse: {
            items: components["schemas"]["StoredFileResponse"][];
        };
        TerminalTicketResponse: {
            ticket: string;
            path: string;
            /** Format: date-time */
            expiresAt: string;
        };
        TokenLoginResponse: {
            token: string;
            /** Format: date-time */
            expiresAt: string;
            /** Format: uuid */
            sessionId: string;
            user: components["schemas"]["UserResponse"];
        };
        UpdateContainerRequest: {
            allowedKeys: null | string[];
            restartPolicy: null | components["schemas"]["RestartPolicy"];
        };
        UpdateNamespaceRequest: {
            name: null | string;
            visibility: null | components["schemas"]["Visibility"];
        };
        UserResponse: {
            /** Format: uuid */
            id: string;
            username: string;
            role: string;
            /** Format: date-time */
            createdAt: string;
        };
        /** @enum {unknown} */
        Visibility: "private" | "visible" | "public";
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    ListPublicNamespaces: {
        parameters: {
            query?: {
                after?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NamespacePage"];
                };
            };
        };
    };
    GetMyStorage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StorageUsageResponse"];
                };
            };
        };
    };
    GetUserStorage: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StorageUsageResponse"];
                };
            };
        };
    };
    SetUserStorageQuota: {
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
                "application/json": components["schemas"]["SetStorageQuotaRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StorageUsageResponse"];
                };
            };
        };
    };
    GetSshGateway: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SshGatewayInfo"];
                };
            };
        };
    };
    GetMyCompute: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ComputeUsage"];
                };
            };
        };
    };
    GetUserCompute: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ComputeUsage"];
                };
            };
        };
    };
    SetUserComputeQuota: {
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
                "application/json": components["schemas"]["ComputeQuotaRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ComputeUsage"];
                };
            };
        };
    };
    ListComputeNodes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ComputeNodeList"];
                };
            };
        };
    };
    Login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CookieLoginResponse"];
                };
            };
        };
    };
    CreateSessionToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenLoginResponse"];
                };
            };
        };
    };
    Logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Jwks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JwksResponse"];
                };
            };
        };
    };
    GetMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserResponse"];
                };
            };
        };
    };
    ChangePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangePasswordRequest"];
            };
        };
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ListMySessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ItemsResponseOfSessionResponse"];
                };
            };
        };
    };
    RevokeMySession: {
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
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ListMyApiTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ItemsResponseOfApiTokenResponse"];
                };
            };
        };
    };
    CreateApiToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiTokenRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiTokenResponse"];
                };
            };
        };
    };
    DeleteApiToken: {
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
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ListUsers: {
        parameters: {
            query?: {
                after?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PageResponseOfUserResponse"];
                };
            };
        };
    };
    CreateUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateUserRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserResponse"];
                };
            };
        };
    };
    GetUser: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserResponse"];
                };
            };
        };
    };
    DeleteUser: {
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
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    SetUserRole: {
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
                "application/json": components["schemas"]["SetRoleRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserResponse"];
                };
            };
        };
    };
    ResetUserPassword: {
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
                "application/json": components["schemas"]["ResetPasswordRequest"];
            };
        };
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ListUserSessions: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ItemsResponseOfSessionResponse"];
                };
            };
        };
    };
    RevokeUserSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                sessionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    DfsGetFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                path: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    DfsPutFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                path: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DfsWriteResponse"];
                };
            };
        };
    };
    DfsDeleteFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                path: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    DfsHeadFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                path: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    DfsListFolder: {
        parameters: {
            query?: {
                path?: string;
                after?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DfsFolderResponse"];
                };
            };
        };
    };
    DfsStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DfsStatusResponse"];
                };
            };
        };
    };
    DfsFsck: {
        parameters: {
            query?: {
                verify?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DfsFsckReport"];
                };
            };
        };
    };
    ListNamespaces: {
        parameters: {
            query?: {
                owner?: string;
                after?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NamespacePage"];
                };
            };
        };
    };
    CreateNamespace: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateNamespaceRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NamespaceResponse"];
                };
            };
        };
    };
    GetNamespace: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NamespaceResponse"];
                };
            };
        };
    };
    DeleteNamespace: {
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
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    UpdateNamespace: {
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
                "application/json": components["schemas"]["UpdateNamespaceRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NamespaceResponse"];
                };
            };
        };
    };
    ListFiles: {
        parameters: {
            query?: {
                prefix?: string;
                delimiter?: string;
                after?: string;
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FilePage"];
                };
            };
        };
    };
    PostFiles: {
        parameters: {
            query?: {
                folder?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StoredFilesResponse"];
                };
            };
        };
    };
    GetFile: {
        parameters: {
            query?: {
                download?: boolean;
            };
            header?: never;
            path: {
                id: string;
                path: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PutFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                path: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    DeleteFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                path: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    HeadFile: {
        parameters: {
            query?: {
                download?: boolean;
            };
            header?: never;
            path: {
                id: string;
                path: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    GetFileMetadata: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                path: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StoredFileResponse"];
                };
            };
        };
    };
    ListShares: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShareList"];
                };
            };
        };
    };
    CreateShare: {
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
                "application/json": components["schemas"]["CreateShareRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShareResponse"];
                };
            };
        };
    };
    RevokeShare: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                shareId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    GetSharedFile: {
        parameters: {
            query?: {
                download?: boolean;
            };
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    HeadSharedFile: {
        parameters: {
            query?: {
                download?: boolean;
            };
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    GetSharedFileInfo: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SharedFileInfo"];
                };
            };
        };
    };
    UploadProgressEvents: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                uploadId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    UploadProgressWebSocket: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                uploadId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ListMySshKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SshKeyList"];
                };
            };
        };
    };
    AddSshKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AddSshKeyRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SshKeyInfo"];
                };
            };
        };
    };
    DeleteSshKey: {
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
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RenameSshKey: {
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
                "application/json": components["schemas"]["RenameSshKeyRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SshKeyInfo"];
                };
            };
        };
    };
    ListContainers: {
        parameters: {
            query?: {
                owner?: string;
                after?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContainerPage"];
                };
            };
        };
    };
    CreateContainer: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateContainerRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContainerResponse"];
                };
            };
        };
    };
    GetContainer: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContainerResponse"];
                };
            };
        };
    };
    DeleteContainer: {
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
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    UpdateContainer: {
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
                "application/json": components["schemas"]["UpdateContainerRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContainerResponse"];
                };
            };
        };
    };
    StartContainer: {
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
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContainerResponse"];
                };
            };
        };
    };
    StopContainer: {
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
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContainerResponse"];
                };
            };
        };
    };
    RestartContainer: {
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
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContainerResponse"];
                };
            };
        };
    };
    ListIngress: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IngressList"];
                };
            };
        };
    };
    AddIngress: {
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
                "application/json": components["schemas"]["IngressRequestBody"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IngressRuleResponse"];
                };
            };
        };
    };
    RemoveIngress: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ContainerLogs: {
        parameters: {
            query?: {
                tail?: number;
                follow?: boolean;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ContainerLogsWebSocket: {
        parameters: {
            query?: {
                tail?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ContainerStats: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContainerStats"];
                };
            };
        };
    };
    ContainerStatsStream: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ContainerStatsWebSocket: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    OpenContainerTerminal: {
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
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TerminalTicketResponse"];
                };
            };
        };
    };
    ContainerTerminalWebSocket: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ListRoutes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RouteList"];
                };
            };
        };
    };
    AddRoute: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RouteRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RouteResponse"];
                };
            };
        };
    };
    GetRoute: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RouteResponse"];
                };
            };
        };
    };
    UpdateRoute: {
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
                "application/json": components["schemas"]["RouteRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RouteResponse"];
                };
            };
        };
    };
    DeleteRoute: {
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
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
