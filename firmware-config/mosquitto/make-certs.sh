#!/bin/sh
# Makes the fleet's certificates with openssl (P-256 keys, SHA-256 signatures).
#
#   make-certs.sh DIR ca                       the fleet CA: DIR/gyroedge-ca.crt and .key (keep the key offline)
#   make-certs.sh DIR broker NAME [IP ...]     the broker's certificate for host NAME (and IP addresses)
#   make-certs.sh DIR device DEVICE_ID         a device's client certificate: CN = device id
#   make-certs.sh DIR consumer NAME            a fleet consumer's client certificate (e.g. fleet-consumer)
#
# Every command after "ca" signs with DIR/gyroedge-ca.key. Keys are written mode 0600.
set -eu

usage() {
    sed -n '2,9p' "$0" >&2
    exit 64
}

[ $# -ge 2 ] || usage
dir=$1
kind=$2
shift 2
mkdir -p "$dir"
cd "$dir"
umask 077
days=825

new_key() {
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null
}

# sign NAME CN EXTENSIONS: a certificate NAME.crt for NAME.key, signed by the fleet CA.
sign() {
    [ -f gyroedge-ca.key ] || { echo "make-certs.sh: $dir/gyroedge-ca.key is missing; run '$0 $dir ca' first." >&2; exit 66; }
    printf '%s\n' "$3" > "$1.ext"
    openssl req -new -key "$1.key" -subj "/CN=$2" -out "$1.csr"
    openssl x509 -req -in "$1.csr" -CA gyroedge-ca.crt -CAkey gyroedge-ca.key -CAcreateserial \
        -days "$days" -sha256 -extfile "$1.ext" -out "$1.crt" 2>/dev/null
    rm -f "$1.csr" "$1.ext"
    chmod 644 "$1.crt"
}

check_name() {
    # The CN becomes the MQTT user name and, for a device, one topic level: no '/', '+', '#'.
    if ! printf '%s' "$1" | grep -Eq '^[A-Za-z0-9._-]{1,64}$'; then
        echo "make-certs.sh: \"$1\" cannot be a device id or consumer name; use 1 to 64 letters, digits, '.', '_' or '-'." >&2
        exit 65
    fi
}

case $kind in
    ca)
        [ ! -f gyroedge-ca.key ] || { echo "make-certs.sh: $dir/gyroedge-ca.key exists; refusing to replace the fleet CA." >&2; exit 73; }
        new_key gyroedge-ca.key
        openssl req -x509 -new -key gyroedge-ca.key -subj "/CN=GyroEdge Fleet CA" -days 3650 -sha256 \
            -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
            -out gyroedge-ca.crt
        chmod 644 gyroedge-ca.crt
        ;;
    broker)
        [ $# -ge 1 ] || usage
        name=$1
        shift
        names="DNS:$name"
        for ip in "$@"; do names="$names,IP:$ip"; done
        new_key broker.key
        sign broker "$name" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=$names"
        ;;
    device | consumer)
        [ $# -eq 1 ] || usage
        check_name "$1"
        new_key "$1.key"
        sign "$1" "$1" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
        ;;
    *)
        usage
        ;;
esac
