using GyroEdge.Native;

namespace GyroEdge.Hardware.Linux.I2c;

/// <summary>errno to message for opening and querying an i2c-dev node (transfers: <see cref="Hardware.I2c.I2cTransferException"/>).</summary>
internal static class I2cDevErrors
{
    public static DeviceIoException Open(int errno, string path) => new(path, "open", errno, errno switch
    {
        Errno.ENOENT =>
            $"{path} does not exist: enable the bus (Jetson: sudo /opt/nvidia/jetson-io/jetson-io.py or the device tree) "
            + "and load i2c-dev (sudo modprobe i2c-dev; add it to /etc/modules-load.d). List the buses with `i2cdetect -l`.",
        Errno.EACCES or Errno.EPERM =>
            $"Permission denied on {path}: add the user to the i2c group (sudo usermod -aG i2c $USER, then log in again) "
            + "or run the service as a user in that group.",
        Errno.ENODEV or Errno.ENXIO =>
            $"The adapter behind {path} has gone (its driver was unbound or the device removed). Check `i2cdetect -l` and dmesg.",
        _ => $"Expected to open the i2c-dev node {path} read-write.",
    });

    public static DeviceIoException Functionality(int errno, string path) => new(path, "I2C_FUNCS", errno, errno switch
    {
        Errno.ENOTTY =>
            $"{path} is not an I2C adapter (it does not answer I2C ioctls). Expected an i2c-dev node such as /dev/i2c-1.",
        _ => $"Expected the i2c-dev node {path} to report its adapter's functionality. Check dmesg for the adapter driver.",
    });
}
