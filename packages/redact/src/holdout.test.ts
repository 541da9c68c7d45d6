// Held-out evaluation set for the credential scrubber, written independently of the kube-sim
// corpus: fresh lines, apps and formats, designed from what attackers plant and what SREs read.
//
// LEAKS: every listed secret string must be absent from the output.
// BENIGN: text and objects that talk about credentials without carrying one come back unchanged.
//
// Inputs are strings (run through scrubText) or small Kubernetes-like objects (run through
// redactObject with { secrets: false }). All values below are fake.
import { describe, expect, it } from 'vitest';
import { redactObject, RedactionTally, REDACTED, scrubText } from './index.js';

type Input = string | Record<string, unknown>;
type LeakRow = [id: string, input: Input, secret: string | string[]];
type BenignRow = [id: string, input: Input];

// ---------------------------------------------------------------------------------------------
// Fake key material (random bytes, base64) used below.
const RSA_BODY = [
  'MIIEowIBAAKCAQEAUvImZaYMEtKJGF2VDuiBNgkWb2sRPReNbA/TkB/yOaGglfIP',
  'k5VlDPk4C47bIkprJIoekk6P0K4uGpSSozBfGIy2EJAPnjR/rohtxlB3lex0XEw/',
  'yy6yxz4Uk0yGfuBXunJJm/oSHoNrKsFXJu59awr2qxPDjpLK4NFQV7FZmH+UzHQR',
];
const PKCS8_BODY = [
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCW67iYfU7JhUtJ',
  'juoOwN81JYuQ0gBJWuIXpyQUfMgsNuD856nrb0NdObex/PfrsyPZGVmZBp7omYPM',
  'BH8NXApHFeZDRoAkSaJGfJdnQYS3zWdYCaiQPRYml15Hx3ZfP76d3p7TxUkGr9Xv',
];
const EC_BODY = [
  'MHcCAQEEIVKI5nM/J/MLaMc490Wa9zTozhH5buwf9B8pHeEIxsZr0WHLO77n8WQ=',
  '9PldFDgaOngyVjR7n/zmnNcAeuinWMykFdWpHuhjyLbAM3rjLW/KolUWzfL4uGV2',
];
const OPENSSH_BODY = [
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  'QyNTUxOQAAACDZr7yFbkoK/4gByaX53fOpyWc05j6eajvWSeMjCEFA8z4uaYahr/vI2/83',
  '3zYHQDZKgD3DllNCi2vVIQ/ovVrldamV0OeEa9Pq4IAhiCaGggTfcMYumwHGzCYs',
];
const CERT_BODY = [
  'MIIDdzCCAl+gAwIBAgIUFXCGa0aGCR+MctF07f+XgfGQGKADzfa5zZ026JGpYYFAe',
  'ZR7w7TK2A+a9SkBfEGRj/96WE1zsbcFG2gxHGg3VqUmi7yY/+ERvglAwxV/I9G3i',
  'B8/CoWbp4PCNjDS4FAzuu2lzncAjpN5JfAzp7YwgK3hqV0hMQb29+adCZ6c9TXuO',
];
// base64 of a PEM RSA private key (kubeconfig client-key-data)
const CLIENT_KEY_DATA =
  'LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFcEFJQkFBS0NBUUVBcTJRZUtxUXBFeldBNTg5L2pEaHo2Rlgvd25OdEk0d3hQaGNzVjQ0WFVUMWVRcytSCk0rTUZ2OTVwWW1tK2hqVmdSVmJBRDM5SGsvZGNJSytBaDZISzNOazNGMFhsUDJKbXBYSnU5RS9aME4vM0JTQUkKLS0tLS1FTkQgUlNBIFBSSVZBVEUgS0VZLS0tLS0K';
// base64 of a PEM certificate (kubeconfig certificate-authority-data): public
const CA_DATA =
  'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM1ekNDQWMrZ0F3SUJBZ0lCQURBTkJna3Foa2lHOXcwQkFRc0ZBREFWTVJNd0VRWURWUVFERXdwcmRXSmwKYkxYRDVjMTU5NVo5QUJKazd1M3QwNGZhZC9oeVA4Z2JPU2NtaGZpdUcvSFR1TE9sMk1QbGRSV054Z29BeUNBNwotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg==';
// a fake JWT (header.payload.signature)
const JWT =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6ImZha2Uta2lkIn0.eyJpc3MiOiJodHRwczovL2F1dGguZXhhbXBsZS5jb20iLCJzdWIiOiJ1c2VyLTQyIn0.Q2lnbmF0dXJlRmFrZUZha2VGYWtlMTIzNDU2Nzg5MA';
const JWKS_N =
  'JHmeuR6OD1OuhIeOe8jGG-KPDj8wRgrFGYFzjwfC5OkQcVOc-YGbgzOxRnOCiM56gfE_soXg4PHtQuyP5PEz13Ijah9kcVASqz1tEjarTcgf5cYn8LekqV0kQOIj93c4v_MYZeJ8Kf2q1TkptG7-g2dWazJbURe4XQRWjXVwtARiVISfS4P1EBz868k6-OAaFUNFCufHLkXBIdFs2emt0fJCZyaJ64OSfrNTFkcOzLAubOUSRPAEohbNQhWb2zgRQ9wfdAJW_o1q7epEnyELhrU98Bz4KUMMLjPuT6BOh8I0SnKArC1FWM0E_kAJAwS7gY36MIN5Pu9yG6jRpm6ofg';
const SSH_RSA_PUB =
  'AAAAB3NzaC1yc2EAAAADAQABAAABAQi9XjZPiBTrA3+zpXMtXhtLqiI2f9WPsN1iEDEqC94UFuKQ4Vqtdh3oGr+EiZPrFLC3UvKERyAENd9lT4/IxSPgj34U83Wy4AVWEVeUeApzM/gcYBF0PRFiRmlgpkBUxNoTsVlfWH2sAnqOS3yOGYY8NTuPx+Jki5nqQlC9PVt+SDoG27s8+BI+iGwIGR1dDNBNOvlczktq70saQ6FQcKIqNc9Rpg1XOODKAEoIiuPn1DAHTMEb/ugOWJF6iGEL68eUDPE9hDPLrBNDu9pvl1fthhE3rpr0nEC52hpDITmSVUQaa+sU2fkSIDew98RPisGbE3rH1KtYRJdnd3xB7+';
const ED25519_PUB = 'AAAAC3NzaC1lZDI1NTE5AAAAIK5IwzT/oV73kESnUT0YH3/nP+RGM16vLuNROUFyS/hk';

// =============================================================================================
// LEAKS
// =============================================================================================
const LEAKS: LeakRow[] = [
  // --- Node / Express -------------------------------------------------------------------------
  [
    'node: login body logged as JSON',
    '[express] POST /login 401 body={"username":"maria","password":"Tulip-Garden-42"}',
    'Tulip-Garden-42',
  ],
  [
    'node: pg url in info line',
    '2024-05-02T10:11:12.345Z info: connecting to postgres://orders_svc:Qm9vay7!@pg-primary.db.svc:5432/orders',
    'Qm9vay7!',
  ],
  [
    'node: util.inspect config with stripe key',
    "(node:42) config loaded { port: 3000, stripeSecret: 'sk_live_51NfakeFAKEfake0123456789abcdefGHIJ' }",
    'sk_live_51NfakeFAKEfake0123456789abcdefGHIJ',
  ],
  [
    'node: npm 401 with token in message',
    'npm ERR! code E401 npm ERR! Unable to authenticate, your authentication token seems to be invalid: npm_Zx8Kq2LmN4pR7sT9vW1yB3dF5hJ6kL0mN2pQ',
    'npm_Zx8Kq2LmN4pR7sT9vW1yB3dF5hJ6kL0mN2pQ',
  ],
  [
    'node: pino JSON with apiKey',
    '{"level":30,"time":1714644672000,"pid":1,"msg":"geo client ready","apiKey":"f3c9a1e7b25d4086a9e1c3b5d7f90246"}',
    'f3c9a1e7b25d4086a9e1c3b5d7f90246',
  ],
  [
    'node: winston meta with refresh_token',
    'info: oauth exchange complete {"refresh_token":"1//0gFakeRefreshTokenValue-Xy9Zab8Cd7Ef6","user":"u-17"}',
    '1//0gFakeRefreshTokenValue-Xy9Zab8Cd7Ef6',
  ],

  // --- Django / Python ------------------------------------------------------------------------
  [
    'django: DATABASES dict in settings dump',
    "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'shop', 'USER': 'shop', 'PASSWORD': 'cobalt-Rain-1987', 'HOST': 'db'}}",
    'cobalt-Rain-1987',
  ],
  [
    'django: SECRET_KEY assignment',
    "SECRET_KEY = 'dj-9h#k2$z!m@q9w^e8r&t*y(u)i_o+p=a7'",
    'dj-9h#k2$z!m@q9w^e8r&t*y(u)i_o+p=a7',
  ],
  [
    'django: EMAIL_HOST_PASSWORD in debug page',
    "EMAIL_HOST_PASSWORD = 'mailpass2023'",
    'mailpass2023',
  ],
  [
    'python: requests auth tuple in repr',
    "DEBUG:urllib3 session auth=('svc-inventory', 'Inv3ntory!Pw')",
    'Inv3ntory!Pw',
  ],
  [
    'python: celery broker url',
    '[2024-05-02 10:11:12,345: INFO/MainProcess] Connected to amqp://celery:Stalk-Of-Celery-5@rabbitmq:5672//',
    'Stalk-Of-Celery-5',
  ],

  // --- Rails / Ruby ---------------------------------------------------------------------------
  [
    'rails: unfiltered params',
    'Parameters: {"authenticity_token"=>"[FILTERED]", "user"=>{"email"=>"a@b.io", "password"=>"Snowfall#2291"}}',
    'Snowfall#2291',
  ],
  [
    'rails: secret_key_base in credentials dump',
    'secret_key_base: 9f2c4e1a7b3d5f60819a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081',
    '9f2c4e1a7b3d5f60819a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081',
  ],
  [
    'ruby: redis url with empty user',
    'Sidekiq 7.1 connecting to Redis with options {:url=>"redis://:Raven44redis@redis-master:6379/0"}',
    'Raven44redis',
  ],
  [
    'ruby: hash rocket api_key',
    "Faraday config: { api_key => 'c0ffee00d15ea5e0ba5eba11f00dcafe' }",
    'c0ffee00d15ea5e0ba5eba11f00dcafe',
  ],

  // --- Spring / Java --------------------------------------------------------------------------
  [
    'spring: datasource password property',
    'spring.datasource.password=Harbour_Lights_9',
    'Harbour_Lights_9',
  ],
  [
    'spring: rabbit password in startup log',
    '2024-05-02 10:11:12.345  INFO 1 --- [main] c.a.o.ConfigDump : spring.rabbitmq.password = bunnyHop77',
    'bunnyHop77',
  ],
  [
    'java: jdbc mysql url with password param',
    'Caused by: java.sql.SQLException: Access denied; url=jdbc:mysql://db:3306/app?user=app&password=Gr33nTea!&useSSL=false',
    'Gr33nTea!',
  ],
  [
    'java: jdbc sqlserver ;password=',
    'HikariPool-1 - jdbcUrl=jdbc:sqlserver://sql01:1433;databaseName=hr;user=hr_app;password=Winter2024$Q;encrypt=true',
    'Winter2024$Q',
  ],
  [
    'java: kafka jaas config',
    'sasl.jaas.config = org.apache.kafka.common.security.plain.PlainLoginModule required username="svc-orders" password="KafkaT0pic!";',
    'KafkaT0pic!',
  ],
  [
    'java: truststore password in consumer config',
    '	ssl.truststore.password = Trust-Store-5150',
    'Trust-Store-5150',
  ],
  [
    'java: keystore password in JVM args',
    'JAVA_OPTS=-Xmx512m -Djavax.net.ssl.keyStorePassword=K3yst0re-Pw -Djava.awt.headless=true',
    'K3yst0re-Pw',
  ],

  // --- Go: zap / logrus / klog ----------------------------------------------------------------
  [
    'go zap: libpq key=value DSN',
    '{"level":"info","ts":1714644672.1,"caller":"db/conn.go:88","msg":"dialing","dsn":"host=pg user=billing password=s0up-of-the-day dbname=billing sslmode=disable"}',
    's0up-of-the-day',
  ],
  [
    'go logrus: client_secret field',
    'time="2024-05-02T10:11:12Z" level=debug msg="auth config" client_id=portal client_secret=Hq8vZ2nL5pW9xK3m',
    'Hq8vZ2nL5pW9xK3m',
  ],
  [
    'go klog: bearer token in message',
    `I0502 10:11:12.345678       1 round_trippers.go:466] curl -v -XGET  -H "Authorization: Bearer ${JWT}" 'https://10.96.0.1:443/api'`,
    JWT,
  ],
  [
    'go klog: FLAG dump with password',
    'I0502 10:11:12.345678       1 flags.go:64] FLAG: --basic-auth-password="kubeAdminPw9"',
    'kubeAdminPw9',
  ],
  [
    'go: redis options struct',
    'redis: &{Addr:redis:6379 Username: Password:Gopher-Redis-3 DB:0}',
    'Gopher-Redis-3',
  ],

  // --- .NET -----------------------------------------------------------------------------------
  [
    '.NET: Azure SQL connection string',
    'Server=tcp:sql-prod.database.windows.net,1433;Initial Catalog=Payroll;User ID=payroll_rw;Password=Bl@ckC0ffee;Encrypt=True;',
    'Bl@ckC0ffee',
  ],
  [
    '.NET: EF Core Pwd=',
    'info: Microsoft.EntityFrameworkCore[0] Connection string: Data Source=db;User Id=sa;Pwd=Mango_Tango88;TrustServerCertificate=true',
    'Mango_Tango88',
  ],
  [
    '.NET: ODBC Pwd with braces',
    'ODBC connect: Driver={ODBC Driver 18 for SQL Server};Server=db;Uid=rep;Pwd={Brace$Yourself42};',
    'Brace$Yourself42',
  ],
  [
    '.NET: ConnectionStrings env name',
    'ConnectionStrings__Default=Host=pg;Database=crm;Username=crm;Password=Npgsql-Crm-7',
    'Npgsql-Crm-7',
  ],

  // --- PHP / Laravel --------------------------------------------------------------------------
  [
    'laravel: DB_PASSWORD in context JSON',
    '[2024-05-02 10:11:12] production.ERROR: SQLSTATE[HY000] [1045] Access denied {"DB_HOST":"mysql","DB_PASSWORD":"laravelRocks!1"}',
    'laravelRocks!1',
  ],
  [
    'laravel: APP_KEY base64',
    'APP_KEY=base64:q3J8mYx1pZs0Tf6v2WkLr9NbHc4GdE7aUo5iQ1tS2wA=',
    'q3J8mYx1pZs0Tf6v2WkLr9NbHc4GdE7aUo5iQ1tS2wA=',
  ],
  ['php: array password =>', "    'password' => 'elephant-shoe-31',", 'elephant-shoe-31'],
  [
    'php: PDO dsn + password in exception',
    "PDOException: SQLSTATE[08006] new PDO('pgsql:host=db;dbname=wp', 'wp', 'WpPr3ss-Pw')",
    'WpPr3ss-Pw',
  ],

  // --- nginx / envoy access logs --------------------------------------------------------------
  [
    'nginx: ?token= hex',
    '10.0.0.5 - - [02/May/2024:10:11:12 +0000] "GET /api/v1/export?format=csv&token=7f3a9c2e5b8d1f4a6c0e9b2d HTTP/1.1" 200 512 "-" "curl/8.4.0"',
    '7f3a9c2e5b8d1f4a6c0e9b2d',
  ],
  [
    'nginx: ?api_key= uuid',
    '10.0.0.9 - - [02/May/2024:10:11:13 +0000] "GET /maps/tiles?api_key=3c9e7a1f-5b2d-4e8f-9a6c-0d1b2e3f4a5b&z=4 HTTP/2.0" 200 1024',
    '3c9e7a1f-5b2d-4e8f-9a6c-0d1b2e3f4a5b',
  ],
  [
    'nginx: &password= plain word',
    '192.168.1.20 - - [02/May/2024:10:11:14 +0000] "GET /legacy/login.php?user=ops&password=Sunflower2024 HTTP/1.1" 302 0',
    'Sunflower2024',
  ],
  [
    'envoy: access_token in path',
    '[2024-05-02T10:11:12.345Z] "GET /callback?access_token=ya29.a0AfH6SMBfakeFAKEfake1234567890abcdefg&state=xyz HTTP/1.1" 200 - 0 15 3 2 "10.1.1.1" "Mozilla/5.0" "7d1c" "app.example.com" "10.2.2.2:8080"',
    'ya29.a0AfH6SMBfakeFAKEfake1234567890abcdefg',
  ],
  [
    'nginx: ?secret= on webhook',
    '10.0.0.7 - - [02/May/2024:10:11:15 +0000] "POST /hooks/deploy?secret=shhh-its-a-deploy-9 HTTP/1.1" 204 0',
    'shhh-its-a-deploy-9',
  ],
  [
    'nginx: presigned S3 signature',
    '"GET /bucket/report.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAQ3EGXJ7RT5NBWZ4K%2F20240502%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=5d8f1c2b3a4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8 HTTP/1.1" 200',
    ['AKIAQ3EGXJ7RT5NBWZ4K', '5d8f1c2b3a4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8'],
  ],
  [
    'nginx: ?key= google maps',
    '"GET /maps/api/geocode/json?address=Berlin&key=AIzaSyD3fAkEfAkE-0123456789abcdefGHIJKL HTTP/1.1" 200',
    'AIzaSyD3fAkEfAkE-0123456789abcdefGHIJKL',
  ],
  [
    'nginx: ?sig= azure SAS',
    '"GET /container/blob.bin?sv=2022-11-02&ss=b&srt=o&sp=r&se=2024-06-01T00:00:00Z&sig=Zm9vYmFyYmF6cXV4RmFrZVNpZ25hdHVyZTEyMzQ1Njc4OTA%3D HTTP/1.1" 200',
    'Zm9vYmFyYmF6cXV4RmFrZVNpZ25hdHVyZTEyMzQ1Njc4OTA',
  ],
  [
    'nginx: &client_secret= in token request',
    '"POST /oauth/token?grant_type=client_credentials&client_id=reporting&client_secret=9qW3eR5tY7uI9oP1aS3dF5gH HTTP/1.1" 200 812',
    '9qW3eR5tY7uI9oP1aS3dF5gH',
  ],
  [
    'envoy: json access log header authorization',
    '{"start_time":"2024-05-02T10:11:12.345Z","method":"GET","path":"/v1/items","authorization":"Basic bWV0cmljczpTY3JhcGUtTWUtOTk=","response_code":200}',
    'bWV0cmljczpTY3JhcGUtTWUtOTk=',
  ],

  // --- HTTP headers ---------------------------------------------------------------------------
  [
    'http: Proxy-Authorization Basic',
    'Proxy-Authorization: Basic Y29ycFxqZG9lOlByb3h5I1Bhc3Mx',
    'Y29ycFxqZG9lOlByb3h5I1Bhc3Mx',
  ],
  [
    'http: Cookie with session id',
    'Cookie: _ga=GA1.2.3; sessionid=k9x2m4p7q1w8e5r3t6y0u2i4o7p9a1s3; csrftoken=abc',
    'k9x2m4p7q1w8e5r3t6y0u2i4o7p9a1s3',
  ],
  [
    'http: Set-Cookie session',
    'Set-Cookie: connect.sid=s%3AFakeSessIdVal123.Sig0nature4567Abc; Path=/; HttpOnly',
    's%3AFakeSessIdVal123.Sig0nature4567Abc',
  ],
  [
    'http: X-Auth-Token header',
    'X-Auth-Token: 4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e',
    '4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e',
  ],
  [
    'http: X-Api-Key header',
    '> x-api-key: 0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a',
    '0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a',
  ],
  [
    'http: Authorization Token scheme',
    'Authorization: Token 8e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d',
    '8e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d',
  ],

  // --- Kafka / RabbitMQ / Redis / Mongo / MySQL / Postgres clients -----------------------------
  [
    'rabbitmq: amqp url with encoded @',
    'Connecting to amqp://orders:Carrot%40Cake9@rabbitmq.messaging.svc:5672/%2F',
    'Carrot%40Cake9',
  ],
  ['redis-cli -a', "+ redis-cli -h redis-master -a 'Bl00dOrange' PING", 'Bl00dOrange'],
  [
    'redis: AUTH command in MONITOR',
    '1714644672.123456 [0 10.0.0.3:51234] "AUTH" "default" "Xy7-redis-Pw"',
    'Xy7-redis-Pw',
  ],
  ['redis: requirepass in config dump', 'requirepass "Fl4mingo-Pink"', 'Fl4mingo-Pink'],
  [
    'mongo: srv url with encoded password',
    'MongoClient connecting: mongodb+srv://analytics:Oc3an%21Breeze@cluster0.ab12c.mongodb.net/?retryWrites=true',
    'Oc3an%21Breeze',
  ],
  [
    'mongo: json attr password',
    '{"t":{"$date":"2024-05-02T10:11:12.345+00:00"},"s":"D1","c":"ACCESS","msg":"createUser","attr":{"user":"root","password":"m0ng0R00t!"}}',
    'm0ng0R00t!',
  ],
  [
    'mysql: -p glued in text',
    '+ mysql -h db -u root -pR00tMysql! -e "show databases"',
    'R00tMysql!',
  ],
  [
    'mysqldump --password=',
    'mysqldump --single-transaction --user=backup --password=Dump-Truck-7 shop > /backup/shop.sql',
    'Dump-Truck-7',
  ],
  [
    'postgres: PGPASSWORD prefix',
    'PGPASSWORD=pg_secret_77 psql -h db -U app -c "select 1"',
    'pg_secret_77',
  ],
  [
    'postgres: url with encoded spaces',
    'psql "postgresql://report:Ledger%20Book%2099@pg.svc/reports?sslmode=require"',
    'Ledger%20Book%2099',
  ],
  [
    'postgres: ALTER USER in statement log',
    "2024-05-02 10:11:12 UTC [88] LOG:  statement: ALTER USER app WITH PASSWORD 'Rotated-Pw-2024';",
    'Rotated-Pw-2024',
  ],
  [
    'kafka: sasl password in connect worker log',
    '[2024-05-02 10:11:12,345] INFO ProducerConfig values: sasl.password = C0nfluent-Cl0ud-Pw',
    'C0nfluent-Cl0ud-Pw',
  ],
  [
    'cassandra: cqlsh -p',
    'cqlsh cassandra.db 9042 -u cassandra -p Cass4ndra-Ring',
    'Cass4ndra-Ring',
  ],

  // --- Terraform / Ansible / Helm -------------------------------------------------------------
  [
    'terraform: plan shows master_password',
    '      + master_password         = "Terraform-Aurora-11"',
    'Terraform-Aurora-11',
  ],
  [
    'terraform: changed admin_password',
    '      ~ admin_password = "OldPass-1x" -> "NewPass-2y"',
    ['OldPass-1x', 'NewPass-2y'],
  ],
  [
    'terraform: provider block token',
    '  token = "tfc-9Xk2Lm4Np6Qr8St0Uv2Wx4Yz6"',
    'tfc-9Xk2Lm4Np6Qr8St0Uv2Wx4Yz6',
  ],
  [
    'ansible: loop item with password',
    "ok: [web01] => (item={'name': 'app', 'password': 'ansibleVault#7'})",
    'ansibleVault#7',
  ],
  [
    'ansible: changed result JSON',
    'changed: [db01] => {"changed": true, "user": "wp", "password": "Wordpress-Blue-3"}',
    'Wordpress-Blue-3',
  ],
  [
    'ansible: extra vars on command line',
    'ansible-playbook site.yml -e "db_pass=Extra-Vars-88 env=prod"',
    'Extra-Vars-88',
  ],
  [
    'helm: --set auth.postgresPassword',
    'helm install pg bitnami/postgresql --set auth.postgresPassword=HelmPg_2024 --set auth.database=app',
    'HelmPg_2024',
  ],
  [
    'helm: --set adminPassword with space, quoted',
    "helm upgrade grafana grafana/grafana --set adminPassword='Graf ana 9!'",
    'Graf ana 9!',
  ],
  [
    'helm: values dump rootPassword',
    'USER-SUPPLIED VALUES:\nauth:\n  rootPassword: Maria-Root-64\n  username: app',
    'Maria-Root-64',
  ],

  // --- CI logs --------------------------------------------------------------------------------
  [
    'ci: echo github PAT',
    'Run echo "Deploying with token ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5"',
    'ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5',
  ],
  [
    'ci: curl PRIVATE-TOKEN gitlab',
    '$ curl -H "PRIVATE-TOKEN: glpat-Xy9zAb8CdEf7GhIj6KlM" https://gitlab.example.com/api/v4/projects',
    'glpat-Xy9zAb8CdEf7GhIj6KlM',
  ],
  [
    'ci: docker login -p',
    '[Pipeline] sh\n+ docker login -u deployer -p Dock3rHubPw! registry.example.com',
    'Dock3rHubPw!',
  ],
  [
    'ci: Dockerfile ENV NPM_TOKEN',
    'Step 4/9 : ENV NPM_TOKEN=npm_9pQrStUvWxYz0123456789AbCdEfGhIjKl',
    'npm_9pQrStUvWxYz0123456789AbCdEfGhIjKl',
  ],
  [
    'ci: slack bot token in curl',
    "curl -X POST -H 'Authorization: Bearer xoxb-1234567890-0987654321-FaKeSlAcKbOtToKeN123' https://slack.com/api/chat.postMessage",
    'xoxb-1234567890-0987654321-FaKeSlAcKbOtToKeN123',
  ],
  [
    'ci: slack webhook url',
    'notify: posting to https://hooks.slack.com/services/T0FAKE123/B0FAKE456/q1W2e3R4t5Y6u7I8o9P0aSdF',
    'q1W2e3R4t5Y6u7I8o9P0aSdF',
  ],
  [
    'ci: discord webhook url',
    'webhook=https://discord.com/api/webhooks/112233445566778899/AbC-dEf_GhIjKlMnOpQrStUvWxYz0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ',
    'AbC-dEf_GhIjKlMnOpQrStUvWxYz0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ',
  ],
  [
    'ci: sonar token flag',
    'sonar-scanner -Dsonar.projectKey=api -Dsonar.login=squ_0a1b2c3d4e5f60718293a4b5c6d7e8f901234567',
    'squ_0a1b2c3d4e5f60718293a4b5c6d7e8f901234567',
  ],

  // --- shell traces / docker run --------------------------------------------------------------
  ['sh -x: export DATABASE_PASS', '+ export DATABASE_PASS=tangerine42', 'tangerine42'],
  [
    'sh -x: export AWS secret',
    '+ export AWS_SECRET_ACCESS_KEY=Zr4t8Vq1Nm3Lp6Ks9Hj2Gf5Dd7Sa0Qw1Ee3Rr5Tt',
    'Zr4t8Vq1Nm3Lp6Ks9Hj2Gf5Dd7Sa0Qw1Ee3Rr5Tt',
  ],
  [
    'sh -x: AWS access key id',
    '+ export AWS_ACCESS_KEY_ID=AKIAZ7XQ4RT2MN8BV6CD',
    'AKIAZ7XQ4RT2MN8BV6CD',
  ],
  [
    'sh -x: quoted session secret with spaces',
    "++ SESSION_SECRET='long random session secret with spaces'",
    'long random session secret with spaces',
  ],
  [
    'docker run -e POSTGRES_PASSWORD',
    'docker run -d -e POSTGRES_PASSWORD=dockerPg55 -p 5432:5432 postgres:16',
    'dockerPg55',
  ],
  [
    'docker run -e quoted with spaces',
    'docker run -e "MINIO_ROOT_PASSWORD=minio Secret 99" minio/minio server /data',
    'minio Secret 99',
  ],
  [
    'docker run --env RABBITMQ_DEFAULT_PASS',
    'docker run --env RABBITMQ_DEFAULT_PASS=Bunny_Ears_31 rabbitmq:3-management',
    'Bunny_Ears_31',
  ],

  // --- kubeconfig -----------------------------------------------------------------------------
  [
    'kubeconfig: user token',
    'users:\n- name: ci\n  user:\n    token: sha256~Zk3Lm9Np2Qr5St8Uv1Wx4Yz7Ab0Cd3Ef6Gh9Ij2Kl',
    'sha256~Zk3Lm9Np2Qr5St8Uv1Wx4Yz7Ab0Cd3Ef6Gh9Ij2Kl',
  ],
  [
    'kubeconfig: client-key-data',
    `- name: admin\n  user:\n    client-certificate-data: ${CA_DATA}\n    client-key-data: ${CLIENT_KEY_DATA}`,
    CLIENT_KEY_DATA,
  ],
  [
    'kubeconfig: basic auth password',
    'users:\n- name: legacy\n  user:\n    username: admin\n    password: kubeconfigBasicPw',
    'kubeconfigBasicPw',
  ],
  [
    'kubeconfig: exec env with token',
    '      env:\n      - name: OCI_CLI_AUTH_TOKEN\n        value: ocid-Fake-Auth-Token-7788',
    'ocid-Fake-Auth-Token-7788',
  ],

  // --- package registries: .npmrc, .pypirc, pip -----------------------------------------------
  [
    '.npmrc _authToken',
    '//registry.npmjs.org/:_authToken=npm_4Fh8Jk2Lm6Np0Qr4St8Uv2Wx6Yz0Ab4Cd8E',
    'npm_4Fh8Jk2Lm6Np0Qr4St8Uv2Wx6Yz0Ab4Cd8E',
  ],
  [
    '.npmrc _authToken non-npm shape',
    '//npm.pkg.example.com/:_authToken=8c1f3e5a-7b9d-4f2e-a6c8-0e2d4f6a8c0e',
    '8c1f3e5a-7b9d-4f2e-a6c8-0e2d4f6a8c0e',
  ],
  [
    '.npmrc _auth base64 user:pass',
    '//nexus.corp.local/repository/npm/:_auth=ZGVwbG95OkRlcGxveVB3MjAyNA==',
    'ZGVwbG95OkRlcGxveVB3MjAyNA==',
  ],
  [
    '.npmrc _password',
    '//nexus.corp.local/repository/npm/:_password=TmV4dXNQYXNzMQ==',
    'TmV4dXNQYXNzMQ==',
  ],
  [
    '.pypirc password',
    '[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmcCJGZha2UtZmFrZS1mYWtlLWZha2UtZmFrZQACKlszLCJmYWtlIl0AAAYgZmFrZQ',
    'pypi-AgEIcHlwaS5vcmcCJGZha2UtZmFrZS1mYWtlLWZha2UtZmFrZQACKlszLCJmYWtlIl0AAAYgZmFrZQ',
  ],
  [
    '.pypirc plain password',
    '[internal]\nrepository = https://pypi.corp.example/\nusername = uploader\npassword = Wheel-Of-Fortune-5',
    'Wheel-Of-Fortune-5',
  ],
  [
    'pip --index-url with creds',
    'pip install --index-url https://builder:Pip-Index-77@pypi.corp.example/simple/ internal-lib==1.2',
    'Pip-Index-77',
  ],
  [
    'pip: Looking in indexes',
    'Looking in indexes: https://deploy:S3cr3tArtifact0ry@artifactory.example.com/api/pypi/simple',
    'S3cr3tArtifact0ry',
  ],
  [
    'maven settings.xml password',
    '      <password>M4ven-Central-Pw</password>',
    'M4ven-Central-Pw',
  ],

  // --- git remotes / netrc --------------------------------------------------------------------
  [
    'git: x-access-token in failure',
    "fatal: Authentication failed for 'https://x-access-token:ghs_Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Y@github.com/acme/app.git/'",
    'ghs_Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Y',
  ],
  [
    'git remote -v oauth2',
    'origin\thttps://oauth2:glpat-Qw3Er4Ty5Ui6Op7As8Df9@gitlab.example.com/team/repo.git (fetch)',
    'glpat-Qw3Er4Ty5Ui6Op7As8Df9',
  ],
  [
    'git clone with user:password',
    "Cloning into 'charts'... git clone https://builder:Bitbucket-App-Pw1@bitbucket.org/acme/charts.git",
    'Bitbucket-App-Pw1',
  ],
  [
    'netrc one line',
    'machine api.heroku.com login ops@example.com password 3f1e2d4c-5b6a-7980-a1b2-c3d4e5f60718',
    '3f1e2d4c-5b6a-7980-a1b2-c3d4e5f60718',
  ],
  [
    'netrc multi line',
    'machine github.com\n  login bot\n  password hunter-two-x9',
    'hunter-two-x9',
  ],

  // --- SMTP / LDAP ----------------------------------------------------------------------------
  [
    'smtp url encoded user',
    'MAIL_URL=smtp://postmaster%40mg.example.com:Mailgun-Smtp-Pass1@smtp.mailgun.org:587',
    'Mailgun-Smtp-Pass1',
  ],
  [
    'smtps url in log',
    'mailer: sending via smtps://alerts:Al3rtM4il!@smtp.office365.com:465',
    'Al3rtM4il!',
  ],
  ['ldap: bindpw', 'nslcd: binddn="cn=admin,dc=example,dc=org" bindpw="LdapAdm1n#"', 'LdapAdm1n#'],
  [
    'ldapsearch -w',
    'ldapsearch -x -H ldap://ldap -D "cn=readonly,dc=corp" -w R3ad0nly! -b dc=corp',
    'R3ad0nly!',
  ],
  ['ldap: bind_password yaml line', '  bind_password: directory-Pass-2', 'directory-Pass-2'],
  ['ldap: bindPW dex config', '    bindPW: Dex-Ldap-Bind-4', 'Dex-Ldap-Bind-4'],

  // --- Vault ----------------------------------------------------------------------------------
  [
    'vault: VAULT_TOKEN env',
    'VAULT_TOKEN=hvs.CAESIFakeFakeFake1234567890abcdefGh4KHGh2cy5aYWtlRmFrZQ',
    'hvs.CAESIFakeFakeFake1234567890abcdefGh4KHGh2cy5aYWtlRmFrZQ',
  ],
  [
    'vault: token in prose',
    'Success! You are now authenticated. Token from login: hvs.CAESIJ3kL9mN2pQ5rS8tV1wX4yZ7aB0cD3eF6gH9iJ2kL5m',
    'hvs.CAESIJ3kL9mN2pQ5rS8tV1wX4yZ7aB0cD3eF6gH9iJ2kL5m',
  ],
  [
    'vault: login output table',
    'Key                  Value\n---                  -----\ntoken                hvs.CAESIGq7Rk2Lm9Np4Qs6Tu8Vw0Xy2Za4Bc6De8Fg0Hi2Jk\ntoken_accessor       8vD3cR5tY7uI9oP1aS3dF5gH\ntoken_duration       768h',
    'hvs.CAESIGq7Rk2Lm9Np4Qs6Tu8Vw0Xy2Za4Bc6De8Fg0Hi2Jk',
  ],
  [
    'vault: userpass login command',
    'vault login -method=userpass username=alice password=VaultUser!23',
    'VaultUser!23',
  ],
  [
    'vault: legacy s. token header',
    'X-Vault-Token: s.Fk3Lm9Np2Qr5St8Uv1Wx4Yz7',
    's.Fk3Lm9Np2Qr5St8Uv1Wx4Yz7',
  ],

  // --- AI / SaaS API keys ---------------------------------------------------------------------
  [
    'openai: project key env',
    'OPENAI_API_KEY=sk-proj-Ab3De6Gh9Jk2Mn5Pq8St1Vw4Yz7Bc0Ef3Hi6Kl9No2Qr5Tu8Wx1',
    'sk-proj-Ab3De6Gh9Jk2Mn5Pq8St1Vw4Yz7Bc0Ef3Hi6Kl9No2Qr5Tu8Wx1',
  ],
  [
    'openai: key in error body',
    'openai.AuthenticationError: Error code: 401 - invalid key sk-Lq2Wx8Ec4Rv6Tb0Yn1Um3Ik5Ol7Pz9Xa2Sc4Dv6Fb8Gn0Hm',
    'sk-Lq2Wx8Ec4Rv6Tb0Yn1Um3Ik5Ol7Pz9Xa2Sc4Dv6Fb8Gn0Hm',
  ],
  [
    'anthropic: key in JSON',
    '{"error":"invalid x-api-key","key":"sk-ant-api03-Zq8Wx7Ec6Rv5Tb4Yn3Um2Ik1Ol0Pz9Xa8Sc7Dv6Fb5Gn4Hm3Jk2Ll1-AbCdEfAA"}',
    'sk-ant-api03-Zq8Wx7Ec6Rv5Tb4Yn3Um2Ik1Ol0Pz9Xa8Sc7Dv6Fb5Gn4Hm3Jk2Ll1-AbCdEfAA',
  ],
  [
    'anthropic: x-api-key header',
    'x-api-key: sk-ant-api03-Pp9Oo8Ii7Uu6Yy5Tt4Rr3Ee2Ww1Qq0Aa9Ss8Dd7Ff6Gg5Hh4Jj3Kk2-ZyXwVuAA',
    'sk-ant-api03-Pp9Oo8Ii7Uu6Yy5Tt4Rr3Ee2Ww1Qq0Aa9Ss8Dd7Ff6Gg5Hh4Jj3Kk2-ZyXwVuAA',
  ],
  [
    'huggingface token',
    'HF_TOKEN=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',
    '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',
  ],
  [
    'twilio auth token env',
    'TWILIO_AUTH_TOKEN=9f8e7d6c5b4a39281706f5e4d3c2b1a0',
    '9f8e7d6c5b4a39281706f5e4d3c2b1a0',
  ],
  [
    'twilio: positional sid + token',
    "client = Client('ACa1b2c3d4e5f60718293a4b5c6d7e8f90', 'e4d3c2b1a09f8e7d6c5b4a3928170615')",
    'e4d3c2b1a09f8e7d6c5b4a3928170615',
  ],
  [
    'sendgrid key env',
    'SENDGRID_API_KEY=SG.fAkEfAkEfAkE1234567890.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfG',
    'SG.fAkEfAkEfAkE1234567890.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfG',
  ],
  [
    'mailgun key',
    'mailgun: api_key=key-3ax6xnjp29jd6fds4gc373sgvjxteol0',
    'key-3ax6xnjp29jd6fds4gc373sgvjxteol0',
  ],
  [
    'datadog DD_API_KEY',
    'DD_API_KEY=0a1b2c3d4e5f60718293a4b5c6d7e8f9',
    '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  ],
  [
    'datadog yaml api_key',
    'api_key: 5f4e3d2c1b0a99887766554433221100',
    '5f4e3d2c1b0a99887766554433221100',
  ],
  [
    'datadog app key',
    'DD_APP_KEY=1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d',
    '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d',
  ],
  [
    'newrelic user key',
    'NEW_RELIC_API_KEY=NRAK-7F3K9Q2M5X8B1V4C6N0Z2L5J8H1',
    'NRAK-7F3K9Q2M5X8B1V4C6N0Z2L5J8H1',
  ],
  [
    'newrelic license key property',
    'newrelic.license_key = 0123abcd4567ef890123abcd4567ef8901234567',
    '0123abcd4567ef890123abcd4567ef8901234567',
  ],
  [
    'heroku api key env',
    'HEROKU_API_KEY=6b0f1e2d-3c4b-5a69-8778-96a5b4c3d2e1',
    '6b0f1e2d-3c4b-5a69-8778-96a5b4c3d2e1',
  ],
  [
    'heroku bearer uuid in curl',
    'curl -n -H "Authorization: Bearer 0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5" https://api.heroku.com/apps',
    '0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5',
  ],
  [
    'sentry dsn',
    'SENTRY_DSN=https://3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b@o123456.ingest.sentry.io/7654321',
    '3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b',
  ],
  [
    'azure storage connection string',
    'DefaultEndpointsProtocol=https;AccountName=acmelogs;AccountKey=Zm9vYmFyRmFrZUFjY291bnRLZXkwMTIzNDU2Nzg5YWJjZGVmZ2hpamtsbW5vcA==;EndpointSuffix=core.windows.net',
    'Zm9vYmFyRmFrZUFjY291bnRLZXkwMTIzNDU2Nzg5YWJjZGVmZ2hpamtsbW5vcA==',
  ],
  [
    'stripe webhook secret',
    'STRIPE_WEBHOOK_SECRET=whsec_Fk2Lm8Np4Qr6St0Uv3Wx5Yz7Ab9Cd1Ef',
    'whsec_Fk2Lm8Np4Qr6St0Uv3Wx5Yz7Ab9Cd1Ef',
  ],
  [
    'shopify access token',
    'X-Shopify-Access-Token: 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',
    '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',
  ],
  [
    'doppler / digitalocean style token',
    'DIGITALOCEAN_ACCESS_TOKEN=dop_v1_0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9',
    'dop_v1_0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9',
  ],

  // --- private keys (PEM / OpenSSH), raw and JSON-escaped -------------------------------------
  [
    'gcp service account JSON with \\n escapes',
    `{"type":"service_account","project_id":"fake-proj","private_key_id":"4f3e2d1c0b9a","private_key":"-----BEGIN PRIVATE KEY-----\\n${PKCS8_BODY.join('\\n')}\\n-----END PRIVATE KEY-----\\n","client_email":"ci@fake-proj.iam.gserviceaccount.com"}`,
    PKCS8_BODY,
  ],
  [
    'openssh key in JSON',
    `{"deploy_key":"-----BEGIN OPENSSH PRIVATE KEY-----\\n${OPENSSH_BODY.join('\\n')}\\n-----END OPENSSH PRIVATE KEY-----"}`,
    OPENSSH_BODY,
  ],
  [
    'raw RSA PEM in log',
    `loaded signing key:\n-----BEGIN RSA PRIVATE KEY-----\n${RSA_BODY.join('\n')}\n-----END RSA PRIVATE KEY-----`,
    RSA_BODY,
  ],
  [
    'EC key in YAML block scalar',
    `tls.key: |\n  -----BEGIN EC PRIVATE KEY-----\n  ${EC_BODY.join('\n  ')}\n  -----END EC PRIVATE KEY-----`,
    EC_BODY,
  ],
  [
    'PEM body lines without BEGIN (truncated log)',
    `${RSA_BODY[1]}\n${RSA_BODY[2]}\n-----END RSA PRIVATE KEY-----`,
    [RSA_BODY[1]!, RSA_BODY[2]!],
  ],

  // --- misc text forms ------------------------------------------------------------------------
  [
    'url-encoded password in DATABASE_URL',
    'DATABASE_URL=postgres://app:p%40ss%2Fw0rd%3F@db:5432/app',
    'p%40ss%2Fw0rd%3F',
  ],
  [
    'yaml: password with spaces quoted',
    'password: "correct horse battery staple"',
    'correct horse battery staple',
  ],
  [
    'properties: password in single quotes',
    "db.password = 'tres palabras aqui 3'",
    'tres palabras aqui 3',
  ],
  [
    'logfmt: passwd field',
    'ts=2024-05-02T10:11:12Z caller=ldap.go:41 level=debug bind_dn=cn=svc passwd=Logfmt-Pw-5',
    'Logfmt-Pw-5',
  ],
  [
    'json: camelCase clientSecret',
    '{"clientId":"portal","clientSecret":"Ocp2Lm8Np4Qr6St0Uv3W","issuer":"https://sso.example.com"}',
    'Ocp2Lm8Np4Qr6St0Uv3W',
  ],
  [
    'json: accessToken opaque',
    '{"accessToken":"at_7Hk2Lm9Np4Qr6St8Uv0Wx","expiresIn":3600}',
    'at_7Hk2Lm9Np4Qr6St8Uv0Wx',
  ],
  ['json: id_token JWT', `{"token_type":"Bearer","expires_in":3600,"id_token":"${JWT}"}`, JWT],
  ['toml: password', 'password = "t0ml-Config-Pw"', 't0ml-Config-Pw'],
  ['ini: pass = under section', '[database]\nhost = db\npass = Ini-File-Pass-9', 'Ini-File-Pass-9'],
  [
    'dotenv: JWT_SECRET',
    'JWT_SECRET=b7e9d1f3a5c7e9b1d3f5a7c9e1b3d5f7',
    'b7e9d1f3a5c7e9b1d3f5a7c9e1b3d5f7',
  ],
  [
    'dotenv: NEXTAUTH_SECRET base64',
    'NEXTAUTH_SECRET=Qk9HVVMtTmV4dEF1dGgtU2VjcmV0LVZhbHVlLTEyMw==',
    'Qk9HVVMtTmV4dEF1dGgtU2VjcmV0LVZhbHVlLTEyMw==',
  ],
  [
    'dotenv: COOKIE_SECRET plain words',
    'COOKIE_SECRET=oatmeal raisin cookies',
    'oatmeal raisin cookies',
  ],
  [
    'dotenv: HMAC_KEY hex',
    'HMAC_KEY=deadbeefcafebabe0123456789abcdef',
    'deadbeefcafebabe0123456789abcdef',
  ],
  ['dotenv: ENCRYPTION_KEY', 'ENCRYPTION_KEY=xK9#mP2$vL5@nQ8!', 'xK9#mP2$vL5@nQ8!'],
  [
    'env dump: GF_SECURITY_ADMIN_PASSWORD',
    'GF_SECURITY_ADMIN_PASSWORD=Grafana-Admin-2024',
    'Grafana-Admin-2024',
  ],
  ['env dump: KEYCLOAK_ADMIN_PASSWORD', 'KEYCLOAK_ADMIN_PASSWORD=Kc-Admin-!77', 'Kc-Admin-!77'],
  [
    'env dump: MONGO_INITDB_ROOT_PASSWORD',
    'MONGO_INITDB_ROOT_PASSWORD=Mongo Root 2024',
    'Mongo Root 2024',
  ],
  ['env dump: REDIS_AUTH', 'REDIS_AUTH=redisAuth_2024x', 'redisAuth_2024x'],
  [
    'docker-compose env list item',
    '      - WEBHOOK_SECRET=gh-webhook-Shared-42',
    'gh-webhook-Shared-42',
  ],
  ['systemd Environment=', 'Environment="DB_PWD=Systemd-Unit-Pw"', 'Systemd-Unit-Pw'],
  [
    'supervisord environment',
    'environment=API_TOKEN="sup3rvis0r-Tok3n",LOG_LEVEL="info"',
    'sup3rvis0r-Tok3n',
  ],
  [
    'base64 dockerconfigjson in log',
    'applying .dockerconfigjson: eyJhdXRocyI6eyJyZWdpc3RyeS5leGFtcGxlLmNvbSI6eyJhdXRoIjoiY205aWIzUWtZMms2U0dGeVlqQnlVakJpYjNRaCJ9fX0=',
    'eyJhdXRocyI6eyJyZWdpc3RyeS5leGFtcGxlLmNvbSI6eyJhdXRoIjoiY205aWIzUWtZMms2U0dGeVlqQnlVakJpYjNRaCJ9fX0=',
  ],
  [
    'dockerconfig JSON auth field',
    '{"auths":{"harbor.example.com":{"username":"robot$ci","password":"Harb0rR0bot!","auth":"cm9ib3QkY2k6SGFyYjByUjBib3Qh"}}}',
    ['Harb0rR0bot!', 'cm9ib3QkY2k6SGFyYjByUjBib3Qh'],
  ],
  [
    'CLI flag --token=',
    'argocd app sync guestbook --auth-token=argo-Fake-Tok-98765 --server argocd.example.com',
    'argo-Fake-Tok-98765',
  ],
  [
    'CLI flag --password two words',
    'exec /app/server --password "Two Words Pw" --port 8080',
    'Two Words Pw',
  ],
  [
    'psql connection in URI with pass param',
    'dsn: host=pg port=5432 user=etl password=Extract!Load!9 dbname=dw',
    'Extract!Load!9',
  ],
  [
    'ANSI-coloured password line',
    'DB \u001b[33mpassword\u001b[0m=Colour-Split-Pw1',
    'Colour-Split-Pw1',
  ],

  // --- Kubernetes objects: env entries --------------------------------------------------------
  [
    'env: DATABASE_PASS',
    { env: [{ name: 'DATABASE_PASS', value: 'tangerine-Env-42' }] },
    'tangerine-Env-42',
  ],
  ['env: REDIS_AUTH', { env: [{ name: 'REDIS_AUTH', value: 'r3dis-Auth-Env' }] }, 'r3dis-Auth-Env'],
  [
    'env: MONGO_INITDB_ROOT_PASSWORD',
    {
      env: [
        { name: 'MONGO_INITDB_ROOT_USERNAME', value: 'root' },
        { name: 'MONGO_INITDB_ROOT_PASSWORD', value: 'ex4mple-Mongo' },
      ],
    },
    'ex4mple-Mongo',
  ],
  [
    'env: GF_SECURITY_ADMIN_PASSWORD',
    { env: [{ name: 'GF_SECURITY_ADMIN_PASSWORD', value: 'prom operator 1' }] },
    'prom operator 1',
  ],
  [
    'env: MINIO_ROOT_PASSWORD',
    { env: [{ name: 'MINIO_ROOT_PASSWORD', value: 'minio123456789' }] },
    'minio123456789',
  ],
  [
    'env: KEYCLOAK_ADMIN_PASSWORD',
    { env: [{ name: 'KEYCLOAK_ADMIN_PASSWORD', value: 'KcAdm1n#Env' }] },
    'KcAdm1n#Env',
  ],
  [
    'env: RABBITMQ_DEFAULT_PASS',
    { env: [{ name: 'RABBITMQ_DEFAULT_PASS', value: 'bunny-env-pass' }] },
    'bunny-env-pass',
  ],
  [
    'env: POSTGRES_PASSWORD',
    { env: [{ name: 'POSTGRES_PASSWORD', value: 'Pg Env With Spaces' }] },
    'Pg Env With Spaces',
  ],
  [
    'env: JWT_SECRET',
    { env: [{ name: 'JWT_SECRET', value: 'jwtSigningSecretValue2024' }] },
    'jwtSigningSecretValue2024',
  ],
  ['env: COOKIE_SECRET', { env: [{ name: 'COOKIE_SECRET', value: 'gingerbread' }] }, 'gingerbread'],
  [
    'env: SESSION_SECRET',
    { env: [{ name: 'SESSION_SECRET', value: 'a8f5f167f44f4964e6c998dee827110c' }] },
    'a8f5f167f44f4964e6c998dee827110c',
  ],
  [
    'env: NEXTAUTH_SECRET',
    { env: [{ name: 'NEXTAUTH_SECRET', value: 'Ym9ndXMtbmV4dGF1dGgtZW52' }] },
    'Ym9ndXMtbmV4dGF1dGgtZW52',
  ],
  [
    'env: WEBHOOK_SECRET',
    { env: [{ name: 'WEBHOOK_SECRET', value: 'hook-line-sinker-5' }] },
    'hook-line-sinker-5',
  ],
  [
    'env: HMAC_KEY',
    { env: [{ name: 'HMAC_KEY', value: '00112233445566778899aabbccddeeff' }] },
    '00112233445566778899aabbccddeeff',
  ],
  [
    'env: ENCRYPTION_KEY',
    { env: [{ name: 'ENCRYPTION_KEY', value: 'AES256-Fake-Key-Material-01' }] },
    'AES256-Fake-Key-Material-01',
  ],
  [
    'env: MYSQL_ROOT_PASSWORD',
    { env: [{ name: 'MYSQL_ROOT_PASSWORD', value: 'my-sql-root-5' }] },
    'my-sql-root-5',
  ],
  ['env: SMTP_PASS', { env: [{ name: 'SMTP_PASS', value: 'postman-Pat-3' }] }, 'postman-Pat-3'],
  [
    'env: AUTH0_CLIENT_SECRET',
    { env: [{ name: 'AUTH0_CLIENT_SECRET', value: 'Au0-Cl13nt-S3cr3t-Fake' }] },
    'Au0-Cl13nt-S3cr3t-Fake',
  ],
  [
    'env: SLACK_BOT_TOKEN',
    { env: [{ name: 'SLACK_BOT_TOKEN', value: 'xoxb-2222222222-3333333333-FakeBotTokenValue' }] },
    'xoxb-2222222222-3333333333-FakeBotTokenValue',
  ],
  [
    'env: RAILS_MASTER_KEY',
    { env: [{ name: 'RAILS_MASTER_KEY', value: '7c1e3a5f9b2d4c6e8a0f1b3d5e7a9c2e' }] },
    '7c1e3a5f9b2d4c6e8a0f1b3d5e7a9c2e',
  ],
  [
    'env: SECRET_KEY_BASE',
    { env: [{ name: 'SECRET_KEY_BASE', value: 'f00dfacefeedbeef0123456789abcdef' }] },
    'f00dfacefeedbeef0123456789abcdef',
  ],
  [
    'env: NEO4J_AUTH user/pass',
    { env: [{ name: 'NEO4J_AUTH', value: 'neo4j/Graph-DB-Pw1' }] },
    'Graph-DB-Pw1',
  ],
  [
    'env: ELASTIC_PASSWORD',
    { env: [{ name: 'ELASTIC_PASSWORD', value: 'elastic-Band-9' }] },
    'elastic-Band-9',
  ],
  [
    'env: DRONE_RPC_SECRET',
    { env: [{ name: 'DRONE_RPC_SECRET', value: 'drone-rpc-shared-77' }] },
    'drone-rpc-shared-77',
  ],
  [
    'env: API_KEY uuid',
    { env: [{ name: 'API_KEY', value: '9a8b7c6d-5e4f-3a2b-1c0d-9e8f7a6b5c4d' }] },
    '9a8b7c6d-5e4f-3a2b-1c0d-9e8f7a6b5c4d',
  ],
  [
    'env: SPRING_DATASOURCE_PASSWORD',
    { env: [{ name: 'SPRING_DATASOURCE_PASSWORD', value: 'spring-Boot-Pw' }] },
    'spring-Boot-Pw',
  ],
  [
    'env: KC_DB_PASSWORD',
    { env: [{ name: 'KC_DB_PASSWORD', value: 'kc-db-pw-321' }] },
    'kc-db-pw-321',
  ],
  [
    'env: ConnectionStrings__Default with Password=',
    {
      env: [
        {
          name: 'ConnectionStrings__Default',
          value: 'Server=sql;Database=crm;User Id=crm;Password=Env-Conn-Str-8;',
        },
      ],
    },
    'Env-Conn-Str-8',
  ],
  [
    'env: DATABASE_URL with password',
    { env: [{ name: 'DATABASE_URL', value: 'mysql://shop:Env-Url-Pass-6@mysql:3306/shop' }] },
    'Env-Url-Pass-6',
  ],
  [
    'env: GITEA__security__SECRET_KEY',
    { env: [{ name: 'GITEA__security__SECRET_KEY', value: 'gitea-internal-secret-99' }] },
    'gitea-internal-secret-99',
  ],
  [
    'env: lowercase name db_passwd',
    { env: [{ name: 'db_passwd', value: 'lowercase-Env-1' }] },
    'lowercase-Env-1',
  ],

  // --- Kubernetes objects: ConfigMap data, annotations ----------------------------------------
  [
    'configmap: db-password key',
    { kind: 'ConfigMap', data: { 'db-password': 'cm-Plain-Pass-3', 'db-host': 'pg' } },
    'cm-Plain-Pass-3',
  ],
  [
    'configmap: redis.password key',
    { kind: 'ConfigMap', data: { 'redis.password': 'cm-Redis-Dot-Pw' } },
    'cm-Redis-Dot-Pw',
  ],
  [
    'configmap: application.properties file',
    {
      kind: 'ConfigMap',
      data: {
        'application.properties':
          'server.port=8080\nspring.datasource.url=jdbc:postgresql://pg:5432/app\nspring.datasource.password=Cm-Props-Pw-11\n',
      },
    },
    'Cm-Props-Pw-11',
  ],
  [
    'configmap: .env file',
    {
      kind: 'ConfigMap',
      data: {
        '.env':
          'NODE_ENV=production\nSTRIPE_SECRET_KEY=sk_live_51CmFakeFakeFake0123456789abcdefXYZ\n',
      },
    },
    'sk_live_51CmFakeFakeFake0123456789abcdefXYZ',
  ],
  [
    'configmap: config.yaml nested password',
    {
      kind: 'ConfigMap',
      data: {
        'config.yaml': 'database:\n  host: pg\n  user: app\n  password: "Nested Yaml Pw 5"\n',
      },
    },
    'Nested Yaml Pw 5',
  ],
  [
    'configmap: base64 JSON holding db_password',
    {
      kind: 'ConfigMap',
      data: {
        'config.json.b64':
          'eyJkYl9ob3N0IjoicGcucHJvZCIsImRiX3Bhc3N3b3JkIjoiUGE1NS1pbi1iYXNlNjQhIn0=',
      },
    },
    'eyJkYl9ob3N0IjoicGcucHJvZCIsImRiX3Bhc3N3b3JkIjoiUGE1NS1pbi1iYXNlNjQhIn0=',
  ],
  [
    'configmap: base64 password under _B64 suffix',
    { kind: 'ConfigMap', data: { DB_PASSWORD_B64: 'Q2hvY29sYXRlLUNoaXAtODg=' } },
    'Q2hvY29sYXRlLUNoaXAtODg=',
  ],
  [
    'configmap: base64 of Authorization header',
    {
      kind: 'ConfigMap',
      data: {
        'probe-header': 'QXV0aG9yaXphdGlvbjogQmFzaWMgYzNaakxYSmxjRzl5ZERwU00zQnZjblFoYm1jdFVIYz0=',
      },
    },
    'QXV0aG9yaXphdGlvbjogQmFzaWMgYzNaakxYSmxjRzl5ZERwU00zQnZjblFoYm1jdFVIYz0=',
  ],
  [
    'configmap: pgpass file',
    { kind: 'ConfigMap', data: { '.pgpass': 'pg.prod:5432:app:app:Pgpass-File-Pw\n' } },
    'Pgpass-File-Pw',
  ],
  [
    'annotation: webhook-secret',
    { metadata: { annotations: { 'hooks.acme.io/webhook-secret': 'annot-Hook-Secret-1' } } },
    'annot-Hook-Secret-1',
  ],
  [
    'annotation: deploy-token',
    { metadata: { annotations: { 'ci.acme.dev/deploy-token': 'glpat-AnnotFake0123456789' } } },
    'glpat-AnnotFake0123456789',
  ],
  [
    'annotation: basic auth URL',
    {
      metadata: {
        annotations: {
          'prometheus.io/scrape-url': 'https://scraper:Annot-Url-Pw@metrics.internal/metrics',
        },
      },
    },
    'Annot-Url-Pw',
  ],

  // --- Kubernetes objects: container args / command -------------------------------------------
  [
    'args: --db-password split',
    {
      containers: [{ name: 'app', args: ['--db-user', 'app', '--db-password', 's3cr3t-Split-1'] }],
    },
    's3cr3t-Split-1',
  ],
  [
    'command: --api-key split',
    {
      containers: [
        { name: 'app', command: ['/bin/app', '--api-key', '2b7e1516-28ae-d2a6-abf7-158809cf4f3c'] },
      ],
    },
    '2b7e1516-28ae-d2a6-abf7-158809cf4f3c',
  ],
  [
    'args: single-dash -password split',
    { containers: [{ name: 'legacy', args: ['-password', 'single dash pw'] }] },
    'single dash pw',
  ],
  [
    'args: --auth-token=joined',
    {
      containers: [{ name: 'bot', args: ['--auth-token=xoxp-5555555555-6666666666-FakeUserTok'] }],
    },
    'xoxp-5555555555-6666666666-FakeUserTok',
  ],
  [
    'args: sh -c script with password',
    {
      containers: [
        {
          name: 'init',
          command: ['sh', '-c'],
          args: ['until pg_isready; do sleep 1; done; exec app --password=Shell-Wrapped-42'],
        },
      ],
    },
    'Shell-Wrapped-42',
  ],
  [
    'args: mysql -p glued',
    { containers: [{ name: 'backup', command: ['mysqldump', '-uroot', '-pDumpGlued!9', 'shop'] }] },
    'DumpGlued!9',
  ],
  [
    'args: --client-secret split',
    {
      containers: [
        {
          name: 'proxy',
          args: ['--provider=oidc', '--client-id=web', '--client-secret', 'Oauth2Proxy-CS-55'],
        },
      ],
    },
    'Oauth2Proxy-CS-55',
  ],
  [
    'args: --cookie-secret joined',
    { containers: [{ name: 'proxy', args: ['--cookie-secret=Q29va2llU2VjcmV0MTIzNDU2Nzg5MA=='] }] },
    'Q29va2llU2VjcmV0MTIzNDU2Nzg5MA==',
  ],
  [
    'args: redis-server --requirepass split',
    { containers: [{ name: 'redis', args: ['redis-server', '--requirepass', 'Args-Redis-Pw'] }] },
    'Args-Redis-Pw',
  ],
  [
    'args: -w ldap password split',
    {
      containers: [
        {
          name: 'sync',
          command: ['ldapsearch', '-x', '-D', 'cn=admin,dc=corp', '-w', 'LdapArg!88'],
        },
      ],
    },
    'LdapArg!88',
  ],
];

// =============================================================================================
// BENIGN
// =============================================================================================
const BENIGN: BenignRow[] = [
  // --- kubelet / events -----------------------------------------------------------------------
  [
    'event: secret not found mount',
    'Warning  FailedMount  2m (x5 over 9m)  kubelet  MountVolume.SetUp failed for volume "db-creds" : secret "db-creds" not found',
  ],
  [
    'event: created container token-refresher',
    'Normal   Created    12s   kubelet  Created container token-refresher',
  ],
  [
    'event: pulled image with digest',
    'Normal   Pulled     3s    kubelet  Successfully pulled image "ghcr.io/acme/auth-service:1.4.2" in 1.203s (1.203s including waiting). Image size: 48213344 bytes.',
  ],
  [
    'kubelet: projected token refresh',
    'I0502 10:11:12.345678    2211 token_manager.go:121] "Token refresh" podUID="6f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b" audience="vault"',
  ],
  [
    "kubelet: couldn't get secret",
    'E0502 10:11:12.000001    2211 kubelet_pods.go:1142] "Unable to retrieve pull secret, the image pull may not succeed." pod="ci/runner-7d9f" secret="" err="secret \\"regcred\\" not found"',
  ],
  ['kubelet flag: tls private key path', '--tls-private-key-file=/var/lib/kubelet/pki/kubelet.key'],
  // --- kube-apiserver / controller-manager ----------------------------------------------------
  [
    'apiserver: invalid bearer token',
    'E0502 10:11:12.123456       1 authentication.go:73] "Unable to authenticate the request" err="[invalid bearer token, service account token has expired]"',
  ],
  [
    'apiserver: flags with key files',
    '--service-account-key-file=/etc/kubernetes/pki/sa.pub --service-account-signing-key-file=/etc/kubernetes/pki/sa.key --service-account-issuer=https://kubernetes.default.svc.cluster.local',
  ],
  [
    'apiserver: kubelet client key flag',
    '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key',
  ],
  [
    'apiserver: encryption provider config',
    '--encryption-provider-config=/etc/kubernetes/enc/encryption-config.yaml',
  ],
  [
    'apiserver: audit for secrets get',
    '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"2d4f6a8c-0e2b-4d6f-8a0c-2e4b6d8f0a2c","stage":"ResponseComplete","requestURI":"/api/v1/namespaces/prod/secrets/db-credentials","verb":"get","user":{"username":"system:serviceaccount:prod:api"},"responseStatus":{"code":200}}',
  ],
  [
    'controller-manager: token cleaner',
    'I0502 10:11:12.000000       1 controllermanager.go:638] "Started controller" controller="token-cleaner-controller"',
  ],
  [
    'controller-manager: SA credentials flag',
    '--root-ca-file=/etc/kubernetes/pki/ca.crt --use-service-account-credentials=true',
  ],
  [
    'rbac forbidden list secrets',
    'E0502 10:11:12.555555       1 reflector.go:147] failed to list *v1.Secret: secrets is forbidden: User "system:serviceaccount:monitoring:prometheus" cannot list resource "secrets" in API group "" at the cluster scope',
  ],
  // --- cert-manager / external-secrets --------------------------------------------------------
  [
    'cert-manager: issuing',
    'I0502 10:11:12.111111       1 trigger_controller.go:194] cert-manager/certificates-trigger "msg"="Certificate must be re-issued" "key"="prod/web-tls" "reason"="DoesNotExist" "message"="Issuing certificate as Secret does not exist"',
  ],
  [
    'cert-manager: generating private key',
    'I0502 10:11:12.222222       1 keymanager_controller.go:166] cert-manager/certificates-key-manager "msg"="Secret does not contain a private key, generating a new one" "related_resource_name"="web-tls-xk2p9"',
  ],
  [
    'cert-manager: event issued',
    'Normal  Issuing  4s  cert-manager-certificates-issuing  The certificate has been successfully issued',
  ],
  [
    'cert-manager: missing tls.key',
    'Warning  BadConfig  1m  cert-manager  Secret "acme-account-key" did not contain key "tls.key"',
  ],
  [
    'external-secrets: provider error',
    '{"level":"error","ts":1714644672.5,"logger":"controllers.ExternalSecret","msg":"could not get secret data from provider","ExternalSecret":"payments/db","SecretStore":"vault-backend","error":"secret not found"}',
  ],
  ['external-secrets: updated event', 'Normal  Updated  15s  external-secrets  Updated Secret'],
  [
    'external-secrets: auth error',
    'SecretSyncedError: could not get ProviderClient: unable to log in to auth method: unable to log in with Kubernetes auth: Error making API request. Code: 403. Errors: * permission denied',
  ],
  // --- ArgoCD / Flux --------------------------------------------------------------------------
  [
    'argocd: refresh',
    'time="2024-05-02T10:11:12Z" level=info msg="Refreshing app status (controller refresh requested), level (1)" application=argocd/guestbook',
  ],
  [
    'argocd: token expired',
    'time="2024-05-02T10:11:12Z" level=warning msg="Failed to verify token: token is expired"',
  ],
  [
    'argocd: unauthenticated rpc',
    'rpc error: code = Unauthenticated desc = invalid session: token has invalid claims: token is expired',
  ],
  [
    'argocd: no session information',
    '{"grpc.code":"Unauthenticated","grpc.method":"List","level":"info","msg":"finished unary call with code Unauthenticated","error":"rpc error: code = Unauthenticated desc = no session information"}',
  ],
  [
    'flux: ssh handshake failed',
    '{"level":"error","ts":"2024-05-02T10:11:12.345Z","msg":"Reconciler error","controller":"gitrepository","name":"podinfo","error":"unable to clone \'ssh://git@github.com/acme/fleet\': ssh: handshake failed: ssh: unable to authenticate, attempted methods [none publickey], no supported methods remain"}',
  ],
  [
    'flux: sops secret missing',
    "kustomize-controller: decryption failed: secret 'flux-system/sops-age' not found",
  ],
  // --- Istio / Linkerd ------------------------------------------------------------------------
  ['istio: sds push', '2024-05-02T10:11:12.123456Z\tinfo\tsds\tSDS: PUSH resource=default'],
  [
    'istio: citadel auth failure',
    '2024-05-02T10:11:12.123456Z\twarn\tcitadelclient\tfailed to create certificate: rpc error: code = Unauthenticated desc = authentication failure',
  ],
  [
    'istio: new workload certificate',
    '2024-05-02T10:11:12.123456Z\tinfo\tcache\tgenerated new workload certificate\tlatency=120.5ms ttl=23h59m59.87s',
  ],
  [
    'istio: RequestAuthentication jwks',
    '  jwtRules:\n  - issuer: https://auth.example.com\n    jwksUri: https://auth.example.com/.well-known/jwks.json\n    forwardOriginalToken: true',
  ],
  [
    'linkerd: certified identity',
    '[     0.123456s]  INFO ThreadId(01) linkerd_app: Certified identity id=web.default.serviceaccount.identity.linkerd.cluster.local',
  ],
  [
    'linkerd: unauthorized',
    '[  1022.5s]  WARN ThreadId(02) inbound: linkerd_app_inbound::policy::http: Request denied server.group=policy.linkerd.io server.kind=server server.name=admin route.name=default error=unauthorized request on route',
  ],
  // --- Vault agent ----------------------------------------------------------------------------
  [
    'vault agent: auth success',
    '2024-05-02T10:11:12.345Z [INFO]  agent.auth.handler: authentication successful, sending token to sinks',
  ],
  [
    'vault agent: token written',
    '2024-05-02T10:11:12.346Z [INFO]  agent.sink.file: token written: path=/home/vault/.vault-token',
  ],
  [
    'vault agent: renewed',
    '2024-05-02T10:11:12.347Z [INFO]  agent.auth.handler: renewed auth token',
  ],
  [
    'vault agent: 403',
    '2024-05-02T10:11:12.348Z [ERROR] agent.auth.handler: error authenticating: error="Error making API request.\n\nURL: PUT https://vault.vault.svc:8200/v1/auth/kubernetes/login\nCode: 403. Errors:\n\n* permission denied" backoff=1s',
  ],
  [
    'vault agent: template new token',
    '2024-05-02T10:11:12.349Z [INFO]  agent.template.server: template server received new token',
  ],
  [
    'vault: status table no token',
    'Key             Value\n---             -----\nSeal Type       shamir\nInitialized     true\nSealed          false\nTotal Shares    5\nThreshold       3',
  ],
  // --- CoreDNS / etcd -------------------------------------------------------------------------
  [
    'coredns: query for secrets manager',
    '[INFO] 10.244.1.5:53211 - 1234 "A IN secretsmanager.us-east-1.amazonaws.com. udp 60 false 512" NOERROR qr,rd,ra 120 0.0012s',
  ],
  [
    'coredns: config SHA512',
    '[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908',
  ],
  [
    'etcd: simple token warning',
    '{"level":"warn","ts":"2024-05-02T10:11:12.345Z","caller":"auth/store.go:1241","msg":"simple token is not cryptographically signed"}',
  ],
  [
    'etcd: peer key file flags',
    '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key --peer-client-cert-auth=true --client-cert-auth=true',
  ],
  [
    'etcd: member id hex',
    '{"level":"info","msg":"added member","cluster-id":"cdf818194e3a8c32","local-member-id":"8e9e05c52164694d","added-peer-id":"8e9e05c52164694d"}',
  ],
  // --- databases: auth errors -----------------------------------------------------------------
  [
    'postgres: password auth failed',
    '2024-05-02 10:11:12.345 UTC [123] FATAL:  password authentication failed for user "orders"',
  ],
  [
    'postgres: pg_hba detail',
    '2024-05-02 10:11:12.345 UTC [123] DETAIL:  Connection matched pg_hba.conf line 99: "host all all all scram-sha-256"',
  ],
  [
    'postgres: no password supplied',
    'psql: error: connection to server at "db" (10.0.0.4), port 5432 failed: fe_sendauth: no password supplied',
  ],
  [
    'mysql: access denied using password YES',
    "ERROR 1045 (28000): Access denied for user 'root'@'10.244.0.12' (using password: YES)",
  ],
  [
    'mysql: empty password warning',
    '2024-05-02T10:11:12.345678Z 6 [Warning] [MY-010453] [Server] root@localhost is created with an empty password ! Please consider switching off the --initialize-insecure option.',
  ],
  [
    'mongo: auth failed',
    '{"t":{"$date":"2024-05-02T10:11:12.345+00:00"},"s":"I","c":"ACCESS","id":20249,"msg":"Authentication failed","attr":{"mechanism":"SCRAM-SHA-256","principalName":"app","authenticationDatabase":"admin","error":"AuthenticationFailed: SCRAM authentication failed, storedKey mismatch"}}',
  ],
  ['redis: NOAUTH', '(error) NOAUTH Authentication required.'],
  ['redis: WRONGPASS', '(error) WRONGPASS invalid username-password pair or user is disabled.'],
  ['redis: keyspace info', 'db0:keys=1234,expires=12,avg_ttl=0'],
  [
    'rabbitmq: access denied',
    "2024-05-02 10:11:12.345 [warning] <0.1234.0> HTTP access denied: user 'guest' - invalid credentials",
  ],
  [
    'kafka: failed authentication',
    '[2024-05-02 10:11:12,345] INFO [SocketServer listenerType=ZK_BROKER, nodeId=1] Failed authentication with /10.0.0.7 (channelId=10.0.0.5:9093-10.0.0.7:51234-3) (Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512) (org.apache.kafka.common.network.Selector)',
  ],
  [
    'sql: api tokens table DDL',
    'CREATE TABLE api_tokens (id bigserial PRIMARY KEY, token_hash text NOT NULL, created_at timestamptz DEFAULT now());',
  ],
  // --- OAuth / OIDC flows ---------------------------------------------------------------------
  [
    'oidc: refreshing access token',
    'level=info msg="refreshing access token" provider=oidc client_id=grafana',
  ],
  [
    'oauth2: invalid_grant',
    'oauth2: cannot fetch token: 400 Bad Request\nResponse: {"error":"invalid_grant","error_description":"Token has been expired or revoked."}',
  ],
  [
    'dex: unsupported alg',
    'time="2024-05-02T10:11:12Z" level=error msg="failed to authenticate: oidc: id token signed with unsupported algorithm, expected [\\"RS256\\"] got \\"HS256\\""',
  ],
  ['generic: token expired at', 'token expired at 2024-05-02T10:00:00Z, re-authenticating'],
  [
    'keycloak: LOGIN_ERROR event',
    'WARN  [org.keycloak.events] type=LOGIN_ERROR, realmId=acme, clientId=web, userId=null, ipAddress=10.0.0.3, error=invalid_user_credentials, auth_method=openid-connect, auth_type=code, redirect_uri=https://app.example.com/callback, username=bob',
  ],
  [
    'oauth2-proxy: invalid_client',
    '[2024/05/02 10:11:12] [oauthproxy.go:800] Error redeeming code during OAuth2 callback: token exchange failed: oauth2: "invalid_client" "Invalid client secret"',
  ],
  [
    'json: token response metadata only',
    '{"access_token_present":true,"token_type":"Bearer","expires_in":3600,"scope":"openid profile email"}',
  ],
  [
    'json: authenticated true',
    '{"authenticated": true, "user": "alice", "groups": ["sre", "oncall"]}',
  ],
  [
    'json: password metadata',
    '{"password_changed_at":"2024-04-01T00:00:00Z","password_expires_in_days":90,"mfa_enabled":true}',
  ],
  [
    'jwks with public modulus',
    `{"keys":[{"kty":"RSA","kid":"2024-05","use":"sig","alg":"RS256","e":"AQAB","n":"${JWKS_N}"}]}`,
  ],
  [
    'oidc discovery',
    '{"issuer":"https://sso.example.com/realms/acme","token_endpoint":"https://sso.example.com/realms/acme/protocol/openid-connect/token","grant_types_supported":["authorization_code","refresh_token","client_credentials"]}',
  ],
  ['jwt library error', 'jwt.exceptions.ExpiredSignatureError: Signature has expired'],
  // --- masked config dumps --------------------------------------------------------------------
  ['masked: stars', 'password: ******'],
  ['masked: <redacted>', 'DB_PASSWORD=<redacted>'],
  ['masked: [hidden]', '"client_secret": "[hidden]"'],
  ['masked: REDACTED', 'api_key: REDACTED'],
  ['masked: xxxxx', 'SMTP_PASSWORD=xxxxx'],
  ['masked: spring placeholder', 'spring.datasource.password=${DB_PASSWORD}'],
  ['masked: helm template', 'password: "{{ .Values.db.password }}"'],
  ['masked: angle placeholder', 'token = "<your-token-here>"'],
  ['masked: shell default expansion', 'secret_key: ${SECRET_KEY:?must be set}'],
  ['masked: terraform sensitive value', '      + admin_password = (sensitive value)'],
  ['masked: terraform output sensitive', 'Outputs:\n\ndb_password = <sensitive>'],
  ['masked: empty string', 'MYSQL_PASSWORD: ""'],
  ['masked: null', 'password: null'],
  ['masked: triple stars quoted', "access_key: '***'"],
  ['masked: rails FILTERED', 'Parameters: {"user"=>{"email"=>"a@b.io", "password"=>"[FILTERED]"}}'],
  // --- references, paths, knobs ---------------------------------------------------------------
  [
    'ref: secretKeyRef yaml',
    '        valueFrom:\n          secretKeyRef:\n            name: db-credentials\n            key: password',
  ],
  ['ref: secretName', '      secretName: app-tls'],
  ['ref: token-file flag', '--token-file=/var/run/secrets/kubernetes.io/serviceaccount/token'],
  ['ref: PASSWORD_FILE', 'PASSWORD_FILE=/run/secrets/db'],
  ['ref: POSTGRES_PASSWORD_FILE', 'POSTGRES_PASSWORD_FILE=/run/secrets/postgres-passwd'],
  ['ref: envFrom secretRef', '        envFrom:\n        - secretRef:\n            name: app-env'],
  ['ref: imagePullSecrets', '      imagePullSecrets:\n      - name: regcred'],
  [
    'ref: projected SA token',
    '      - serviceAccountToken:\n          path: token\n          expirationSeconds: 3607\n          audience: vault',
  ],
  ['ref: automount false', 'automountServiceAccountToken: false'],
  [
    'ref: GOOGLE_APPLICATION_CREDENTIALS path',
    'GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/google/key.json',
  ],
  ['ref: keyFile path', 'keyFile: /etc/ssl/private/server.key'],
  ['ref: ingress auth-secret name', 'nginx.ingress.kubernetes.io/auth-secret: basic-auth'],
  [
    'ref: ingress auth-url',
    'nginx.ingress.kubernetes.io/auth-url: "https://auth.example.com/oauth2/auth"',
  ],
  ['ref: ingress auth-type', 'nginx.ingress.kubernetes.io/auth-type: basic'],
  ['ref: secret type SA token', 'Type:  kubernetes.io/service-account-token'],
  ['ref: dockerconfigjson type', 'type: kubernetes.io/dockerconfigjson'],
  ['knob: TOKEN_TTL', 'TOKEN_TTL=3600'],
  ['knob: SESSION_TIMEOUT', 'SESSION_TIMEOUT=30m'],
  ['knob: PASSWORD_MIN_LENGTH', 'PASSWORD_MIN_LENGTH=12'],
  ['knob: AUTH_ENABLED', 'AUTH_ENABLED=true'],
  ['knob: auth_enabled false yaml', 'auth_enabled: false'],
  ['knob: COOKIE_SECURE', 'COOKIE_SECURE=true'],
  ['knob: AUTH_PROVIDER oidc', 'AUTH_PROVIDER=oidc'],
  ['knob: TOKEN_ENDPOINT url', 'TOKEN_ENDPOINT=https://sso.example.com/oauth2/token'],
  ['knob: SESSION_STORE redis', 'SESSION_STORE=redis'],
  ['knob: KEY_SIZE', 'KEY_SIZE=4096'],
  // --- metrics --------------------------------------------------------------------------------
  ['metric: auth_failures_total', 'auth_failures_total{method="token"} 17'],
  [
    'metric: HELP apiserver authentication',
    '# HELP apiserver_authentication_attempts [ALPHA] Counter of authenticated attempts.',
  ],
  [
    'metric: vault token creation',
    'vault_token_creation{auth_method="kubernetes",mount_point="auth/kubernetes/",creation_ttl="+Inf",token_type="service"} 42',
  ],
  ['metric: token cache', 'authentication_token_cache_request_total{status="hit"} 1024'],
  ['metric: session gauge', 'http_sessions_active{app="portal"} 12'],
  // --- code and stack traces ------------------------------------------------------------------
  [
    'java stack frame TokenValidator',
    '\tat com.acme.auth.TokenValidator.validate(TokenValidator.java:42)',
  ],
  [
    'python traceback password_reset',
    '  File "/app/auth/password_reset.py", line 88, in send_reset_email',
  ],
  [
    'python raise InvalidTokenError',
    '    raise InvalidTokenError("Signature verification failed")',
  ],
  [
    'go goroutine SecretStore',
    'goroutine 1 [running]:\nmain.(*SecretStore).Get(0xc000123456, {0x1a2b3c4, 0x8})\n\t/src/secrets/store.go:77 +0x1d4',
  ],
  ['node stack verifyToken', '    at Object.verifyToken (/usr/src/app/middleware/auth.js:27:11)'],
  [
    '.NET AuthenticationException',
    'System.Security.Authentication.AuthenticationException: The remote certificate is invalid according to the validation procedure.',
  ],
  [
    'rails RecordNotFound ApiKey',
    "ActiveRecord::RecordNotFound (Couldn't find ApiKey with 'id'=42)",
  ],
  [
    'laravel TokenMismatchException',
    'Illuminate\\Session\\TokenMismatchException: CSRF token mismatch.',
  ],
  ['js code reading auth header', "const token = req.headers.authorization?.split(' ')[1];"],
  ['python def check_password', '    def check_password(self, raw_password):'],
  ['go code field names', '\tcfg.Password = os.Getenv("DB_PASSWORD")'],
  // --- keys that are public, certs, digests, ids ----------------------------------------------
  ['ssh ed25519 public key', `ssh-ed25519 ${ED25519_PUB} deploy@ci`],
  ['ssh rsa public key', `ssh-rsa ${SSH_RSA_PUB} ops@bastion`],
  [
    'certificate PEM',
    `-----BEGIN CERTIFICATE-----\n${CERT_BODY.join('\n')}\n-----END CERTIFICATE-----`,
  ],
  [
    'kubeconfig CA data',
    `- cluster:\n    certificate-authority-data: ${CA_DATA}\n    server: https://10.0.0.1:6443\n  name: prod`,
  ],
  ['sha256 digest', 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
  [
    'image digest',
    '    image: ghcr.io/acme/api@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  ],
  ['git commit line', 'commit 4b825dc642cb6eb9a060e54bf8d69288fbee4904'],
  ['git HEAD now at', 'HEAD is now at 1a2b3c4 fix token refresh race in session middleware'],
  ['flux revision sha1', 'Fetched revision: main@sha1:7d4f0c1e2b3a4958a6b7c8d9e0f1a2b3c4d5e6f7'],
  [
    'request id 401 missing token',
    'request_id=3f2504e0-4f89-11d3-9a0c-0305e82c3301 status=401 msg="missing bearer token"',
  ],
  ['traceparent header', 'traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
  ['x-request-id header', 'X-Request-Id: 9b2e4c1a-7f3d-4e8b-a6c5-2d1f0e9b8a7c'],
  [
    'pgp key id',
    "W: GPG error: https://packages.example.com stable InRelease: The following signatures couldn't be verified because the public key is not available: NO_PUBKEY 4AA4767BBC9C4B1D",
  ],
  [
    'gpg good signature',
    'gpg: Good signature from "Release Signing Key <release@example.com>" [ultimate]',
  ],
  [
    'gpg fingerprint',
    'Primary key fingerprint: 7169 6050 5C4B 1A6D 9B3E  1D4E 4F3A 2B1C 0D9E 8F7A',
  ],
  [
    'ssh-keygen fingerprint output',
    'Your identification has been saved in ./deploy_key\nYour public key has been saved in ./deploy_key.pub\nThe key fingerprint is:\nSHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8 deploy@ci',
  ],
  [
    'ssh known host added',
    "Warning: Permanently added 'github.com' (ED25519) to the list of known hosts.",
  ],
  [
    'openssl generating key',
    "Generating a RSA private key\n........+++++\n.....+++++\nwriting new private key to 'tls.key'\n-----",
  ],
  [
    'openssl req command',
    'openssl req -x509 -newkey rsa:4096 -keyout key.pem -out cert.pem -days 365 -nodes -subj "/CN=localhost"',
  ],
  ['ssh-keygen command', 'ssh-keygen -t ed25519 -C "deploy@ci" -f ./deploy_key -N ""'],
  [
    'aws caller identity',
    '{"UserId":"AROA4QWERTYUIOPASDFGH:ci-session","Account":"123456789012","Arn":"arn:aws:sts::123456789012:assumed-role/ci/ci-session"}',
  ],
  // --- kubectl output -------------------------------------------------------------------------
  [
    'kubectl describe secret',
    'Name:         db-credentials\nNamespace:    prod\nLabels:       <none>\nAnnotations:  <none>\n\nType:  Opaque\n\nData\n====\npassword:  16 bytes\nusername:  8 bytes',
  ],
  ['kubectl describe tls secret', 'Data\n====\ntls.crt:  1164 bytes\ntls.key:  1675 bytes'],
  [
    'kubectl get secrets table',
    'NAME                  TYPE                                  DATA   AGE\ndb-credentials        Opaque                                2      41d\nregcred               kubernetes.io/dockerconfigjson        1      90d\nweb-tls               kubernetes.io/tls                     2      12d',
  ],
  [
    'kubectl create secret from file',
    'kubectl create secret generic db --from-file=password=./password.txt',
  ],
  ['kubectl create secret tls', 'kubectl create secret tls web-tls --cert=tls.crt --key=tls.key'],
  ['kubectl unauthorized', 'error: You must be logged in to the server (Unauthorized)'],
  [
    'kubectl provide credentials',
    "E0502 10:11:12.000000   12345 memcache.go:265] couldn't get current server API group list: the server has asked for the client to provide credentials",
  ],
  ['kubectl secret not found', 'Error from server (NotFound): secrets "api-keys" not found'],
  [
    'kubectl apply result',
    'serviceaccount/builder created\nsecret/builder-token created\nsecret/db-credentials configured',
  ],
  // --- Helm NOTES ------------------------------------------------------------------------------
  [
    'helm notes grafana password',
    'Get your \'admin\' user password by running:\n\n   kubectl get secret --namespace monitoring grafana -o jsonpath="{.data.admin-password}" | base64 --decode ; echo',
  ],
  [
    'helm notes postgres export',
    '    export POSTGRES_PASSWORD=$(kubectl get secret --namespace default pg-postgresql -o jsonpath="{.data.postgres-password}" | base64 -d)',
  ],
  [
    'argocd initial admin secret',
    'argocd admin initial-password -n argocd\n# or: kubectl -n argocd get secret argocd-initial-admin-secret -o jsonpath="{.data.password}" | base64 -d',
  ],
  // --- HTTP access logs without secrets -------------------------------------------------------
  [
    'nginx: POST token endpoint 401',
    '10.0.0.5 - - [02/May/2024:10:11:12 +0000] "POST /api/v1/auth/token HTTP/1.1" 401 53 "-" "okhttp/4.12.0"',
  ],
  [
    'nginx: password reset page',
    '10.0.0.6 - - [02/May/2024:10:11:13 +0000] "GET /password-reset?step=2 HTTP/1.1" 200 4312 "https://app.example.com/login" "Mozilla/5.0"',
  ],
  [
    'nginx: sessions paging',
    '10.0.0.6 - - [02/May/2024:10:11:14 +0000] "GET /api/sessions?page=2&limit=50 HTTP/1.1" 200 918',
  ],
  [
    'nginx: docs api keys page',
    '10.0.0.8 - - [02/May/2024:10:11:15 +0000] "GET /docs/api-keys HTTP/2.0" 200 20411',
  ],
  [
    'envoy: oauth token POST',
    '[2024-05-02T10:11:12.345Z] "POST /oauth/token HTTP/1.1" 200 - 112 1466 12 11 "10.1.1.1" "python-requests/2.31.0" "a1b2c3d4-e5f6-7a8b-9c0d-e1f2a3b4c5d6" "sso.example.com" "10.2.2.2:8443"',
  ],
  [
    'nginx: search query mentioning password',
    '10.0.0.9 - - [02/May/2024:10:11:16 +0000] "GET /search?q=forgot+password HTTP/1.1" 200 733',
  ],
  [
    'set-cookie deletion',
    'Set-Cookie: session=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax',
  ],
  // --- misc prose / tooling -------------------------------------------------------------------
  [
    'prose: password policy',
    'The password must be at least 12 characters long and contain a digit.',
  ],
  ['prose: password changed', 'Password changed successfully for user alice'],
  ['prose: signing key rotation', 'Rotating signing keys: next rotation in 24h'],
  [
    'prose: secret rotation complete',
    'Secret rotation completed for 3 secrets in namespace payments',
  ],
  [
    'prose: bearer auth disabled',
    'bearer token authentication is disabled; using client certificates',
  ],
  ['prose: session expired', 'Session expired, please log in again.'],
  [
    'docker: password-stdin warning',
    'WARNING! Using --password via the CLI is insecure. Use --password-stdin.',
  ],
  [
    'docker: login via stdin',
    'echo "$REGISTRY_TOKEN" | docker login --username ci --password-stdin registry.example.com\nLogin Succeeded',
  ],
  [
    'kyverno denial',
    'admission webhook "validate.kyverno.svc-fail" denied the request: policy Deployment/prod/api for resource violation: require-secret-refs: env var DB_PASSWORD must use valueFrom.secretKeyRef',
  ],
  [
    'gitleaks finding masked',
    'Finding:     REDACTED\nRuleID:      generic-api-key\nFile:        config/app.yaml\nLine:        12\nFingerprint: config/app.yaml:generic-api-key:12',
  ],
  [
    'llm usage tokens',
    'usage: {"prompt_tokens": 1523, "completion_tokens": 212, "total_tokens": 1735}',
  ],
  ['llm max_tokens', 'request model=gpt-4o max_tokens=4096 temperature=0.2'],
  ['tokenizer vocab', 'tokenizer: loaded 50257 tokens from vocab.json'],
  ['decryption failure', 'failed to decrypt secret: cipher: message authentication failed'],
  [
    'grafana login ping 401',
    'logger=context userId=0 orgId=0 uname= t=2024-05-02T10:11:12Z level=info msg="Request Completed" method=GET path=/api/login/ping status=401 remote_addr=10.0.0.2 time_ms=1 duration=1.2ms size=26 referer= handler=/api/login/ping',
  ],
  [
    'grafana user token not found',
    'logger=auth t=2024-05-02T10:11:12Z level=warn msg="Failed to authenticate request" error="user token not found"',
  ],
  ['csrf false', 'csrf_token_valid=false path=/account/settings'],
  ['redis eviction policy', 'maxmemory-policy allkeys-lru'],

  // --- Kubernetes objects ---------------------------------------------------------------------
  [
    'obj: configmap knobs',
    {
      kind: 'ConfigMap',
      metadata: { name: 'auth-config' },
      data: {
        LOG_LEVEL: 'info',
        AUTH_MODE: 'oidc',
        TOKEN_TTL: '3600',
        SESSION_COOKIE_NAME: '__Host-session',
        PASSWORD_MIN_LENGTH: '12',
      },
    },
  ],
  [
    'obj: env valueFrom secretKeyRef',
    {
      env: [
        {
          name: 'DB_PASSWORD',
          valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } },
        },
      ],
    },
  ],
  [
    'obj: env password file path',
    { env: [{ name: 'DB_PASSWORD_FILE', value: '/run/secrets/db-password' }] },
  ],
  [
    'obj: env non-secret neighbours',
    {
      env: [
        { name: 'JWT_ISSUER', value: 'https://auth.example.com' },
        { name: 'KEYCLOAK_ADMIN', value: 'admin' },
        { name: 'POSTGRES_USER', value: 'postgres' },
        { name: 'SECRET_NAME', value: 'db-creds' },
      ],
    },
  ],
  [
    'obj: env api key header name',
    {
      env: [
        { name: 'API_KEY_HEADER', value: 'X-Api-Key' },
        { name: 'ENCRYPTION_KEY_ID', value: 'alias/app-kms' },
      ],
    },
  ],
  [
    'obj: args with key file paths',
    {
      containers: [
        {
          name: 'apiserver',
          args: [
            '--tls-private-key-file=/certs/tls.key',
            '--tls-cert-file=/certs/tls.crt',
            '--token-ttl=1h',
          ],
        },
      ],
    },
  ],
  [
    'obj: args password-stdin flag',
    {
      containers: [
        {
          name: 'push',
          command: [
            'sh',
            '-c',
            'cat /run/secrets/token | crane auth login ghcr.io -u ci --password-stdin',
          ],
        },
      ],
    },
  ],
  [
    'obj: annotations referencing secrets',
    {
      metadata: {
        annotations: {
          'cert-manager.io/cluster-issuer': 'letsencrypt-prod',
          'kubernetes.io/service-account.name': 'builder',
          'vault.hashicorp.com/agent-inject-secret-db': 'database/creds/app',
        },
      },
    },
  ],
  [
    'obj: pod volume from secret',
    {
      volumes: [
        { name: 'tls', secret: { secretName: 'web-tls', defaultMode: 420 } },
        {
          name: 'token',
          projected: {
            sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }],
          },
        },
      ],
    },
  ],
  [
    'obj: kube-root-ca configmap',
    {
      kind: 'ConfigMap',
      metadata: { name: 'kube-root-ca.crt' },
      data: {
        'ca.crt': `-----BEGIN CERTIFICATE-----\n${CERT_BODY.join('\n')}\n-----END CERTIFICATE-----\n`,
      },
    },
  ],
];

// =============================================================================================

const run = (input: Input): { out: string; tally: RedactionTally; changed: boolean } => {
  const tally = new RedactionTally();
  if (typeof input === 'string') {
    const out = scrubText(input, tally);
    return { out, tally, changed: out !== input };
  }
  const r = redactObject(structuredClone(input), tally, { secrets: false });
  return { out: JSON.stringify(r.value), tally, changed: r.changed };
};

/** Every string (keys and values) of an object, for an escaping-proof "is the secret there". */
const strings = (v: unknown): string[] => {
  if (typeof v === 'string') return [v];
  if (v === null || typeof v !== 'object') return [];
  if (Array.isArray(v)) return v.flatMap(strings);
  return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => [k, ...strings(x)]);
};

const show = (input: Input): string => (typeof input === 'string' ? input : JSON.stringify(input));

describe('holdout: leaks are scrubbed', () => {
  it.each(LEAKS)('%s', (_id, input, secret) => {
    const tally = new RedactionTally();
    let haystack: string;
    let shown: string;
    if (typeof input === 'string') {
      haystack = scrubText(input, tally);
      shown = haystack;
    } else {
      const r = redactObject(structuredClone(input), tally, { secrets: false });
      haystack = strings(r.value).join('\n');
      shown = JSON.stringify(r.value);
    }
    for (const s of Array.isArray(secret) ? secret : [secret])
      expect(
        haystack.includes(s),
        `secret ${JSON.stringify(s)} survived.\nIN:  ${show(input)}\nOUT: ${shown}`,
      ).toBe(false);
  });
});

describe('holdout: benign text is untouched', () => {
  it.each(BENIGN)('%s', (_id, input) => {
    const { out, tally, changed } = run(input);
    const expected = typeof input === 'string' ? input : JSON.stringify(input);
    expect(out, `IN:  ${show(input)}\nOUT: ${out}`).toBe(expected);
    expect(changed).toBe(false);
    expect(tally.total).toBe(0);
  });
});

describe('holdout: summary', () => {
  it('has at least 150 leak and 150 benign cases', () => {
    const summary = { leaks: LEAKS.length, benign: BENIGN.length, redactedMarker: REDACTED };
    console.log(`holdout summary: ${JSON.stringify(summary)}`);
    expect(LEAKS.length).toBeGreaterThanOrEqual(150);
    expect(BENIGN.length).toBeGreaterThanOrEqual(150);
    expect(new Set(LEAKS.map((r) => r[0])).size).toBe(LEAKS.length);
    expect(new Set(BENIGN.map((r) => r[0])).size).toBe(BENIGN.length);
  });
});
