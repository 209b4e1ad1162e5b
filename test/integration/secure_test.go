package integration

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestAuthToken: a driver started with --token accepts the right bearer token and
// refuses a missing or wrong one with UNAUTHENTICATED.
func TestAuthToken(t *testing.T) {
	py := venvPython(t, "py4")
	d := startDriver(t, driverBin(t), "--token", "ABCDEFG")
	runPytest(t, py, []string{"FULGUR_SECURE_MODE=token", fmt.Sprintf("FULGUR_PORT=%d", d.Port)}, "test/integration/pyspark_secure")
}

// TestTLS: a driver started with --tls-cert/--tls-key serves TLS to use_ssl=true clients.
func TestTLS(t *testing.T) {
	py := venvPython(t, "py4")
	cert, key := selfSigned(t)
	d := startDriver(t, driverBin(t), "--tls-cert", cert, "--tls-key", key)
	runPytest(t, py, []string{"FULGUR_SECURE_MODE=tls", fmt.Sprintf("FULGUR_PORT=%d", d.Port), "GRPC_DEFAULT_SSL_ROOTS_FILE_PATH=" + cert},
		"test/integration/pyspark_secure")
}

// selfSigned writes a certificate for localhost and 127.0.0.1 and its key.
func selfSigned(t *testing.T) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "localhost"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1")},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}
