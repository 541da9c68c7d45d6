// Realistic kubectl outputs (after redaction) for the pipe parity suite: tables, describe, logs.

export const GET_PODS = `NAMESPACE     NAME                                      READY   STATUS             RESTARTS        AGE
default       api-7d4b9c8f6-2xkqp                       1/1     Running            0               3d4h
default       api-7d4b9c8f6-9zmwt                       0/1     CrashLoopBackOff   42 (2m ago)     3d4h
default       worker-5f6d7c9b8-abcde                    1/1     Running            1 (5h ago)      2d
default       worker-5f6d7c9b8-fghij                    0/1     Error              3               2d
default       migrate-db-28473920-x7k2p                 0/1     Completed          0               14m
ingress       ingress-nginx-controller-6b9d7c-p4q8r     1/1     Running            0               12d
kube-system   coredns-5d78c9869d-8w2xk                  1/1     Running            0               30d
kube-system   coredns-5d78c9869d-qv7zt                  1/1     Running            0               30d
kube-system   etcd-control-plane                        1/1     Running            2               30d
kube-system   kube-apiserver-control-plane              1/1     Running            2               30d
kube-system   kube-proxy-7x2lm                          1/1     Running            0               30d
kube-system   metrics-server-6d94bc8694-zz9k4           0/1     ImagePullBackOff   0               1h
monitoring    prometheus-server-0                       2/2     Running            0               7d
monitoring    grafana-6f4c8d7b9-lmnop                   0/1     Pending            0               5m
payments      payments-api-66c9f-kk2mv                  1/1     Running            0               9h
payments      payments-api-66c9f-zq8rt                  0/1     OOMKilled          7 (30s ago)     9h
`;

export const DESCRIBE_POD = `Name:             api-7d4b9c8f6-9zmwt
Namespace:        default
Priority:         0
Service Account:  api
Node:             worker-2/10.0.1.12
Start Time:       Mon, 01 Jun 2025 09:12:44 +0000
Labels:           app=api
                  pod-template-hash=7d4b9c8f6
Status:           Running
IP:               10.244.2.17
Controlled By:    ReplicaSet/api-7d4b9c8f6
Containers:
  api:
    Container ID:   containerd://4b1e0c6f2a
    Image:          registry.example.com/api:1.42.0
    Port:           8080/TCP
    State:          Waiting
      Reason:       CrashLoopBackOff
    Last State:     Terminated
      Reason:       Error
      Exit Code:    1
      Started:      Mon, 01 Jun 2025 11:58:02 +0000
      Finished:     Mon, 01 Jun 2025 11:58:05 +0000
    Ready:          False
    Restart Count:  42
    Limits:
      memory:  256Mi
    Requests:
      cpu:     100m
      memory:  128Mi
    Environment:
      DATABASE_URL:  <redacted>
      LOG_LEVEL:     debug

Conditions:
  Type              Status
  Initialized       True
  Ready             False
  ContainersReady   False
  PodScheduled      True

Events:
  Type     Reason     Age                   From     Message
  ----     ------     ----                  ----     -------
  Normal   Pulled     12m (x42 over 3d4h)   kubelet  Container image "registry.example.com/api:1.42.0" already present on machine
  Warning  BackOff    2m (x812 over 3d4h)   kubelet  Back-off restarting failed container api in pod api-7d4b9c8f6-9zmwt_default(0b5c)
  Warning  Unhealthy  1m                    kubelet  Readiness probe failed: HTTP probe failed with statuscode: 503
`;

/** Application logs: several scripts, JSON lines, a blank line, and no newline at the end. */
export const LOGS = `2025-06-01T11:58:02.114Z INFO  starting api v1.42.0 (pid 1)
2025-06-01T11:58:02.120Z INFO  config: région=eu-west, café=on, naïve_mode=false
2025-06-01T11:58:02.313Z WARN  cache miss for key user:42 — falling back to DB
2025-06-01T11:58:03.001Z ERROR échec de connexion à la base: ÉCHEC après 3 essais
2025-06-01T11:58:03.002Z ERROR Verbindungsfehler: Straße nicht erreichbar (STRASSE)
2025-06-01T11:58:03.003Z ERROR ΣΦΑΛΜΑ σύνδεσης: σφάλμα δικτύου

{"level":"error","msg":"ошибка: timeout","ts":"2025-06-01T11:58:04Z","pod":"api-7d4b9c8f6-9zmwt"}
{"level":"info","msg":"retrying in 5s 🚀","attempt":2}
2025-06-01T11:58:04.500Z DEBUG KIRMIZI alarm: dosya bulunamadı (ıi İI)
2025-06-01T11:58:05.000Z ERROR Error: connect ECONNREFUSED 10.96.0.12:5432
2025-06-01T11:58:05.001Z ERROR     at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)
2025-06-01T11:58:05.002Z INFO  ErrorBoundary rendered; error_count=0 errors=[]
2025-06-01T11:58:05.003Z FATAL 日本語のエラー: 接続できません (code=E42)
2025-06-01T11:58:05.004Z INFO  shutting down`;

/** A Windows-style log: every line ends in CR LF. */
export const CRLF_LOG = 'ready\r\nnot ready\r\nready: yes\r\n';

/** A container log with a NUL byte in it: GNU grep treats the input as binary. */
export const BINARY_LOG = 'line one\nbad\0byte here\nline three\n';
