/*
 * Prints what the kernel headers say about every struct, field, ioctl number and constant the
 * GyroEdge kernel bindings (src/GyroEdge.Hardware/Linux/Interop) mirror in C#. KernelLayout_Tests
 * compiles this with gcc against the installed linux-libc-dev headers, runs it, and compares
 * each printed fact with the C# declaration of the same name. One fact per line:
 *
 *   sizeof <struct> <n>
 *   offsetof <struct>.<field>[.<field>] <n>
 *   ioctl <NAME> <hex>
 *   const <NAME> <hex>
 *
 * Members of anonymous unions are printed under their C names (gpio_v2_line_attribute.flags);
 * the C# side keeps such a union in a field named u.
 */
/* SCHED_BATCH, SCHED_IDLE, SCHED_DEADLINE and SCHED_RESET_ON_FORK are GNU extensions in <sched.h>. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/time.h>

#include <linux/gpio.h>
#include <linux/i2c-dev.h>
#include <linux/i2c.h>
#include <linux/videodev2.h>

#define SIZE(T) printf("sizeof %s %zu\n", #T, sizeof(struct T))
#define OFF(T, F) printf("offsetof %s.%s %zu\n", #T, #F, offsetof(struct T, F))
#define IOCTL(N) printf("ioctl %s 0x%lx\n", #N, (unsigned long)(N))
#define CONST(N) printf("const %s 0x%llx\n", #N, (unsigned long long)(N))

static void libc(void)
{
    SIZE(pollfd);
    OFF(pollfd, fd);
    OFF(pollfd, events);
    OFF(pollfd, revents);

    SIZE(timeval);
    OFF(timeval, tv_sec);
    OFF(timeval, tv_usec);

    CONST(O_RDONLY);
    CONST(O_RDWR);
    CONST(O_NONBLOCK);
    CONST(O_CLOEXEC);
    CONST(POLLIN);
    CONST(POLLERR);
    CONST(POLLHUP);
    CONST(POLLNVAL);
    CONST(PROT_READ);
    CONST(PROT_WRITE);
    CONST(MAP_SHARED);
    CONST(SCHED_OTHER);
    CONST(SCHED_FIFO);
    CONST(SCHED_RR);
    CONST(SCHED_BATCH);
    CONST(SCHED_IDLE);
    CONST(SCHED_DEADLINE);
    CONST(SCHED_RESET_ON_FORK);
}

static void i2c(void)
{
    SIZE(i2c_msg);
    OFF(i2c_msg, addr);
    OFF(i2c_msg, flags);
    OFF(i2c_msg, len);
    OFF(i2c_msg, buf);

    SIZE(i2c_rdwr_ioctl_data);
    OFF(i2c_rdwr_ioctl_data, msgs);
    OFF(i2c_rdwr_ioctl_data, nmsgs);

    IOCTL(I2C_SLAVE);
    IOCTL(I2C_FUNCS);
    IOCTL(I2C_RDWR);

    CONST(I2C_RDWR_IOCTL_MAX_MSGS);
    CONST(I2C_M_RD);
    CONST(I2C_FUNC_I2C);
}

static void gpio(void)
{
    SIZE(gpiochip_info);
    OFF(gpiochip_info, name);
    OFF(gpiochip_info, label);
    OFF(gpiochip_info, lines);

    SIZE(gpio_v2_line_attribute);
    OFF(gpio_v2_line_attribute, id);
    OFF(gpio_v2_line_attribute, padding);
    OFF(gpio_v2_line_attribute, flags);
    OFF(gpio_v2_line_attribute, values);
    OFF(gpio_v2_line_attribute, debounce_period_us);

    SIZE(gpio_v2_line_config_attribute);
    OFF(gpio_v2_line_config_attribute, attr);
    OFF(gpio_v2_line_config_attribute, mask);

    SIZE(gpio_v2_line_config);
    OFF(gpio_v2_line_config, flags);
    OFF(gpio_v2_line_config, num_attrs);
    OFF(gpio_v2_line_config, padding);
    OFF(gpio_v2_line_config, attrs);

    SIZE(gpio_v2_line_request);
    OFF(gpio_v2_line_request, offsets);
    OFF(gpio_v2_line_request, consumer);
    OFF(gpio_v2_line_request, config);
    OFF(gpio_v2_line_request, config.attrs);
    OFF(gpio_v2_line_request, num_lines);
    OFF(gpio_v2_line_request, event_buffer_size);
    OFF(gpio_v2_line_request, padding);
    OFF(gpio_v2_line_request, fd);

    SIZE(gpio_v2_line_info);
    OFF(gpio_v2_line_info, name);
    OFF(gpio_v2_line_info, consumer);
    OFF(gpio_v2_line_info, offset);
    OFF(gpio_v2_line_info, num_attrs);
    OFF(gpio_v2_line_info, flags);
    OFF(gpio_v2_line_info, attrs);
    OFF(gpio_v2_line_info, padding);

    SIZE(gpio_v2_line_event);
    OFF(gpio_v2_line_event, timestamp_ns);
    OFF(gpio_v2_line_event, id);
    OFF(gpio_v2_line_event, offset);
    OFF(gpio_v2_line_event, seqno);
    OFF(gpio_v2_line_event, line_seqno);
    OFF(gpio_v2_line_event, padding);

    IOCTL(GPIO_GET_CHIPINFO_IOCTL);
    IOCTL(GPIO_V2_GET_LINEINFO_IOCTL);
    IOCTL(GPIO_V2_GET_LINE_IOCTL);

    CONST(GPIO_MAX_NAME_SIZE);
    CONST(GPIO_V2_LINES_MAX);
    CONST(GPIO_V2_LINE_NUM_ATTRS_MAX);
    CONST(GPIO_V2_LINE_FLAG_USED);
    CONST(GPIO_V2_LINE_FLAG_ACTIVE_LOW);
    CONST(GPIO_V2_LINE_FLAG_INPUT);
    CONST(GPIO_V2_LINE_FLAG_OUTPUT);
    CONST(GPIO_V2_LINE_FLAG_EDGE_RISING);
    CONST(GPIO_V2_LINE_FLAG_EDGE_FALLING);
    CONST(GPIO_V2_LINE_FLAG_OPEN_DRAIN);
    CONST(GPIO_V2_LINE_FLAG_OPEN_SOURCE);
    CONST(GPIO_V2_LINE_FLAG_BIAS_PULL_UP);
    CONST(GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN);
    CONST(GPIO_V2_LINE_FLAG_BIAS_DISABLED);
    CONST(GPIO_V2_LINE_FLAG_EVENT_CLOCK_REALTIME);
    CONST(GPIO_V2_LINE_FLAG_EVENT_CLOCK_HTE);
    CONST(GPIO_V2_LINE_ATTR_ID_FLAGS);
    CONST(GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES);
    CONST(GPIO_V2_LINE_ATTR_ID_DEBOUNCE);
    CONST(GPIO_V2_LINE_EVENT_RISING_EDGE);
    CONST(GPIO_V2_LINE_EVENT_FALLING_EDGE);
}

static void v4l2(void)
{
    SIZE(v4l2_capability);
    OFF(v4l2_capability, driver);
    OFF(v4l2_capability, card);
    OFF(v4l2_capability, bus_info);
    OFF(v4l2_capability, version);
    OFF(v4l2_capability, capabilities);
    OFF(v4l2_capability, device_caps);
    OFF(v4l2_capability, reserved);

    SIZE(v4l2_fmtdesc);
    OFF(v4l2_fmtdesc, index);
    OFF(v4l2_fmtdesc, type);
    OFF(v4l2_fmtdesc, flags);
    OFF(v4l2_fmtdesc, description);
    OFF(v4l2_fmtdesc, pixelformat);
    OFF(v4l2_fmtdesc, mbus_code);
    OFF(v4l2_fmtdesc, reserved);

    SIZE(v4l2_pix_format);
    OFF(v4l2_pix_format, width);
    OFF(v4l2_pix_format, height);
    OFF(v4l2_pix_format, pixelformat);
    OFF(v4l2_pix_format, field);
    OFF(v4l2_pix_format, bytesperline);
    OFF(v4l2_pix_format, sizeimage);
    OFF(v4l2_pix_format, colorspace);
    OFF(v4l2_pix_format, priv);
    OFF(v4l2_pix_format, flags);
    OFF(v4l2_pix_format, ycbcr_enc);
    OFF(v4l2_pix_format, hsv_enc);
    OFF(v4l2_pix_format, quantization);
    OFF(v4l2_pix_format, xfer_func);

    SIZE(v4l2_format);
    OFF(v4l2_format, type);
    OFF(v4l2_format, fmt);
    OFF(v4l2_format, fmt.pix);
    OFF(v4l2_format, fmt.pix.width);
    OFF(v4l2_format, fmt.pix.pixelformat);
    OFF(v4l2_format, fmt.pix.sizeimage);
    OFF(v4l2_format, fmt.raw_data);

    SIZE(v4l2_requestbuffers);
    OFF(v4l2_requestbuffers, count);
    OFF(v4l2_requestbuffers, type);
    OFF(v4l2_requestbuffers, memory);
    OFF(v4l2_requestbuffers, capabilities);
    OFF(v4l2_requestbuffers, flags);
    OFF(v4l2_requestbuffers, reserved);

    SIZE(v4l2_timecode);
    OFF(v4l2_timecode, type);
    OFF(v4l2_timecode, flags);
    OFF(v4l2_timecode, frames);
    OFF(v4l2_timecode, seconds);
    OFF(v4l2_timecode, minutes);
    OFF(v4l2_timecode, hours);
    OFF(v4l2_timecode, userbits);

    SIZE(v4l2_buffer);
    OFF(v4l2_buffer, index);
    OFF(v4l2_buffer, type);
    OFF(v4l2_buffer, bytesused);
    OFF(v4l2_buffer, flags);
    OFF(v4l2_buffer, field);
    OFF(v4l2_buffer, timestamp);
    OFF(v4l2_buffer, timestamp.tv_sec);
    OFF(v4l2_buffer, timestamp.tv_usec);
    OFF(v4l2_buffer, timecode);
    OFF(v4l2_buffer, sequence);
    OFF(v4l2_buffer, memory);
    OFF(v4l2_buffer, m);
    OFF(v4l2_buffer, m.offset);
    OFF(v4l2_buffer, m.userptr);
    OFF(v4l2_buffer, m.planes);
    OFF(v4l2_buffer, m.fd);
    OFF(v4l2_buffer, length);
    OFF(v4l2_buffer, reserved2);
    OFF(v4l2_buffer, request_fd);
    OFF(v4l2_buffer, reserved);

    IOCTL(VIDIOC_QUERYCAP);
    IOCTL(VIDIOC_ENUM_FMT);
    IOCTL(VIDIOC_G_FMT);
    IOCTL(VIDIOC_S_FMT);
    IOCTL(VIDIOC_REQBUFS);
    IOCTL(VIDIOC_QUERYBUF);
    IOCTL(VIDIOC_QBUF);
    IOCTL(VIDIOC_DQBUF);
    IOCTL(VIDIOC_STREAMON);
    IOCTL(VIDIOC_STREAMOFF);

    CONST(V4L2_CAP_VIDEO_CAPTURE);
    CONST(V4L2_CAP_VIDEO_CAPTURE_MPLANE);
    CONST(V4L2_CAP_STREAMING);
    CONST(V4L2_CAP_DEVICE_CAPS);
    CONST(V4L2_BUF_TYPE_VIDEO_CAPTURE);
    CONST(V4L2_MEMORY_MMAP);
    CONST(V4L2_FIELD_ANY);
    CONST(V4L2_FIELD_NONE);
    CONST(V4L2_BUF_FLAG_MAPPED);
    CONST(V4L2_BUF_FLAG_QUEUED);
    CONST(V4L2_BUF_FLAG_DONE);
    CONST(V4L2_BUF_FLAG_ERROR);
    CONST(V4L2_BUF_FLAG_TIMESTAMP_MASK);
    CONST(V4L2_BUF_FLAG_TIMESTAMP_UNKNOWN);
    CONST(V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC);
    CONST(V4L2_BUF_FLAG_TIMESTAMP_COPY);
    CONST(V4L2_BUF_FLAG_TSTAMP_SRC_MASK);
    CONST(V4L2_BUF_FLAG_TSTAMP_SRC_EOF);
    CONST(V4L2_BUF_FLAG_TSTAMP_SRC_SOE);
    CONST(V4L2_FMT_FLAG_COMPRESSED);
    CONST(V4L2_FMT_FLAG_EMULATED);
    CONST(V4L2_PIX_FMT_YUYV);
    CONST(V4L2_PIX_FMT_GREY);
    CONST(V4L2_PIX_FMT_RGB24);
    CONST(V4L2_PIX_FMT_MJPEG);
    CONST(V4L2_PIX_FMT_NV12);
}

int main(void)
{
    libc();
    i2c();
    gpio();
    v4l2();
    return 0;
}
